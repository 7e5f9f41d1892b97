// Keeps every printed pick list as a PDF in <root>/picklists/picklist_YYYYMMDD_HHMMSS.pdf (the
// desk's file-name habit). Written through a temp file and a no-clobber rename: a second list in
// the same second gets picklist_…_2.pdf, an existing PDF is never replaced.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { StationRequestError, type SavedPickListPdf } from '../../../src-shared/contract.ts';
import { fileStamp } from '../../../src-shared/local-time.ts';
import { writeUnderFreeName } from '../fs/atomic-write.ts';
import { toAbs } from '../fs/inside-folder.ts';
import { thumbnailRel } from '../intake/thumbnail-cache.ts';
import type { CollectedPickList } from './build-pick-list.ts';
import { renderPickListPdf } from './pick-list-pdf.ts';
import { assertOutputFoldersInside } from '../station-paths.ts';

export const PICKLIST_DIR = 'picklists';

/** The cached thumbnail of a photo, or null (none made yet, cache cleared, or unreadable): a pick
 * list never fails for want of a picture. */
export async function readThumbnail(root: string, sha256: string | null): Promise<Buffer | null> {
  if (!sha256) return null;
  return readFile(toAbs(root, thumbnailRel(sha256))).catch(() => null);
}

export async function savePickListPdf(root: string, collected: CollectedPickList, now: Date): Promise<SavedPickListPdf> {
  await assertOutputFoldersInside(root, [PICKLIST_DIR]).catch((e: Error) => {
    throw new StationRequestError('BAD_REQUEST', e.message);
  });
  const { bytes, pages } = await renderPickListPdf(collected.list, {
    thumbnail: (itemId) => readThumbnail(root, collected.sha256ByItem.get(itemId) ?? null),
  });
  const fileName = await writeUnderFreeName(path.join(root, PICKLIST_DIR), `picklist_${fileStamp(now)}.pdf`, bytes);
  return { path: path.join(root, PICKLIST_DIR, fileName), relPath: `${PICKLIST_DIR}/${fileName}`, fileName, pages };
}
