// Small JPEGs of every photo, made from the same decode as its classification (see preprocess.ts),
// keyed by content hash: the HTML report and the screens show them without decoding a 12 MP photo
// again. Derived data: losing the folder loses nothing.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const thumbnailRel = (sha256: string) => `thumbnails/${sha256.slice(0, 2)}/${sha256}.jpg`;

export function hasThumbnail(root: string, sha256: string): boolean {
  return existsSync(path.join(root, ...thumbnailRel(sha256).split('/')));
}

export async function saveThumbnail(root: string, sha256: string, jpeg: Uint8Array): Promise<void> {
  const file = path.join(root, ...thumbnailRel(sha256).split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, jpeg, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
}
