// How a screen gets a photo: by item id only. The id is looked up in the database, the stored path
// is joined to the station root, and the real path must still be inside the root (a symlink in
// processed/ cannot lead out). Used by the app's photo protocol and by browser mode's photo route.
import path from 'node:path';
import { StationRequestError } from '../../src-shared/contract.ts';
import type { StationDb } from './db/station-db.ts';
import { resolveInside } from './fs/inside-folder.ts';
import { hasThumbnail, thumbnailRel } from './intake/thumbnail-cache.ts';

export type PhotoVariant = 'full' | 'thumb';

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.avif': 'image/avif',
};

/**
 * `idText` is what the URL carried (e.g. "42"): anything but a plain positive integer — "..",
 * "/etc/passwd", "42/../x", "0x2a" — is refused before the database is asked.
 */
export async function photoFile(
  root: string,
  db: StationDb,
  idText: string,
  variant: PhotoVariant = 'full',
): Promise<{ file: string; contentType: string }> {
  if (!/^[1-9]\d{0,15}$/.test(idText)) throw new StationRequestError('BAD_REQUEST', 'A photo is asked for by item id only.');
  const item = db.items.getItem(Number(idText));
  if (!item) throw new StationRequestError('NOT_FOUND', `No item ${idText}.`);
  const rel = variant === 'thumb' && item.sha256 && hasThumbnail(root, item.sha256) ? thumbnailRel(item.sha256) : item.relPath;
  const found = await resolveInside(root, rel);
  if (found.where === 'missing') throw new StationRequestError('NOT_FOUND', `The photo of item ${idText} is not at ${rel} any more.`);
  if (found.where === 'outside') throw new StationRequestError('BAD_REQUEST', 'Photo path leaves the station folder.');
  return { file: found.real, contentType: CONTENT_TYPES[path.extname(found.real).toLowerCase()] ?? 'application/octet-stream' };
}
