// One read of a photo for the batch: size check, content hash, and the bytes to decode.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { WireError } from './classifier-protocol.ts';

/** Larger files are not photos from a phone or webcam; they are refused without decoding. */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;

export type HashedRead =
  | { ok: true; bytes: Buffer; sha256: string; sizeBytes: number }
  | { ok: false; error: WireError; sha256?: string; sizeBytes?: number };

async function streamHash(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function readHashed(file: string): Promise<HashedRead> {
  try {
    const s = await stat(file);
    if (s.size > MAX_PHOTO_BYTES) {
      return {
        ok: false,
        sha256: await streamHash(file),
        sizeBytes: s.size,
        error: { code: 'FILE_TOO_LARGE', message: `File is ${(s.size / 1048576).toFixed(1)} MB, over the ${MAX_PHOTO_BYTES / 1048576} MB limit for a photo: ${file}`, file },
      };
    }
    const bytes = await readFile(file);
    return { ok: true, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: { code: 'FILE_MISSING', message: `File disappeared before it could be read: ${file}`, file } };
    return { ok: false, error: { code: 'IMAGE_UNREADABLE', message: `File cannot be read (${code ?? (e as Error).message}): ${file}`, file } };
  }
}
