// Intake: every photo that lands in incoming/ (saved by the Intake screen, dropped by a camera
// tool, or found at start-up) gets an item row and is classified at once, and the UI hears of it.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { photoNameForReturnId, returnIdFromPhotoName, type Item } from '../../../src-shared/domain.ts';
import { fileStamp, localDay } from '../../../src-shared/local-time.ts';
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { ClassifierService } from '../classify/classifier-service.ts';
import { sniffImage } from '../classify/unreadable-reason.ts';
import type { StationDb } from '../db/station-db.ts';
import { activeDeskHeadCache, applyDeskHead } from '../desk/active-desk-head.ts';
import { writeUnderFreeName } from '../fs/atomic-write.ts';
import { isIgnoredName } from '../fs/ignored-names.ts';
import { toAbs } from '../fs/inside-folder.ts';
import { isSymlink, quarantineSymlink } from './refuse-symlink.ts';
import { saveThumbnail } from './thumbnail-cache.ts';

export interface IntakeEvents {
  onItemAdded?: (item: Item) => void;
  onDuplicate?: (file: string, twin: Item) => void;
  onError?: (file: string, error: Error) => void;
}

const SAVABLE_KINDS: string[] = ['JPEG', 'PNG', 'WebP'];

export type Registration = { item: Item } | { duplicateOf: Item } | { unreadable: string } | { gone: true };

export interface IntakeService {
  /** Records (and classifies) one photo in incoming/; idempotent per file. */
  register(file: string): Promise<Registration>;
  /** Finds photos that arrived while the station was not watching. */
  reconcile(): Promise<Item[]>;
  savePhoto(args: { returnId: string | null; bytes: Uint8Array; ext: string; allowReuse: boolean }, now?: Date): Promise<Item>;
}

export function createIntakeService(root: string, db: StationDb, classifier: ClassifierService, events: IntakeEvents = {}): IntakeService {
  const inFlight = new Map<string, Promise<Registration>>();
  const deskHead = activeDeskHeadCache(db);

  async function doRegister(rel: string): Promise<Registration> {
    const known = db.items.getItemByRelPath(rel);
    if (known) return { item: known };
    if (await isSymlink(toAbs(root, rel))) {
      const reason = await quarantineSymlink(root, db, rel, new Date(), null);
      events.onError?.(rel, new Error(reason));
      return { unreadable: reason };
    }
    const [r] = await classifier.classifyMany([toAbs(root, rel)], { hash: true });
    if (!r?.sha256) {
      // Gone already, or unreadable: the nightly batch records and quarantines it.
      if (!r || (!r.ok && r.error.code === 'FILE_MISSING')) return { gone: true };
      const message = r.ok ? 'unreadable' : r.error.message;
      events.onError?.(rel, new Error(message));
      return { unreadable: message };
    }
    const twin = db.items.getItemBySha256(r.sha256);
    if (twin) {
      events.onDuplicate?.(rel, twin); // the same bytes twice make one item; the batch sets the copy aside
      return { duplicateOf: twin };
    }
    const fileName = path.posix.basename(rel);
    if (r.ok && r.thumbnail) await saveThumbnail(root, r.sha256, r.thumbnail).catch(() => {});
    const item = db.transaction(() => {
      const inserted = db.items.insertItem({
        fileName,
        sha256: r.sha256!,
        sizeBytes: r.sizeBytes ?? 0,
        returnId: returnIdFromPhotoName(fileName),
        relPath: rel,
      });
      return r.ok
        ? db.items.addPrediction(
            inserted.id,
            applyDeskHead(r.prediction, deskHead(), db.settings.getThresholds().high, db.desk.deskCategoryKinds()),
          )
        : inserted;
    });
    events.onItemAdded?.(item);
    return { item };
  }

  const service: IntakeService = {
    register(file) {
      const rel = `incoming/${path.basename(file)}`;
      let p = inFlight.get(rel);
      if (!p) {
        p = doRegister(rel).finally(() => inFlight.delete(rel));
        inFlight.set(rel, p);
      }
      return p;
    },
    async reconcile() {
      const names = (await readdir(path.join(root, 'incoming'), { withFileTypes: true }))
        .filter((e) => (e.isFile() || e.isSymbolicLink()) && !isIgnoredName(e.name))
        .map((e) => e.name)
        .filter((n) => !db.items.getItemByRelPath(`incoming/${n}`))
        .sort();
      const added: Item[] = [];
      for (const name of names) {
        const r = await service.register(path.join(root, 'incoming', name));
        if ('item' in r) added.push(r.item);
      }
      return added;
    },
    async savePhoto({ returnId, bytes, ext, allowReuse }, now = new Date()) {
      // Only a photo may enter incoming/ this way: anything else would sit there as a pending item.
      if (!SAVABLE_KINDS.includes(sniffImage(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16))) ?? '')) {
        throw new StationRequestError('BAD_REQUEST', 'savePhoto: bytes: not a JPEG, PNG or WebP image.');
      }
      let name: string;
      if (returnId) {
        name = photoNameForReturnId(returnId, ext); // throws a clear error for a malformed id
        const day = localDay(now);
        const used = db.items.listItemsByDay(day, 1000, 0).some((i) => i.returnId === returnId.trim().toUpperCase());
        if (used && !allowReuse)
          throw new StationRequestError(
            'CONFLICT',
            `Return ${returnId} already has a photo today. Save another photo for it?`,
            'return-id-in-use',
          );
      } else {
        name = `photo_${fileStamp(now)}.${ext}`;
      }
      const saved = await writeUnderFreeName(path.join(root, 'incoming'), name, bytes);
      const r = await service.register(path.join(root, 'incoming', saved));
      if ('item' in r) return r.item;
      if ('duplicateOf' in r) throw new StationRequestError('CONFLICT', `This photo was already saved as ${r.duplicateOf.fileName}.`);
      throw new StationRequestError('BAD_REQUEST', `The photo could not be read: ${'unreadable' in r ? r.unreadable : 'it disappeared'}`);
    },
  };
  return service;
}
