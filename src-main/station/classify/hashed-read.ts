// One read of a photo for the batch: size check, content hash, and the bytes to decode.
//
// The bytes land in a ReadBuffer that the caller reuses photo after photo (one per decode slot, see
// classifier.ts), not in a fresh 3–4 MB Buffer per photo: the batch read ~1 GB a night that way,
// and every fresh buffer cost page faults, a large malloc/free and garbage-collector work for
// nothing. The read is synchronous on purpose: it runs on the classifier's own worker thread, which
// has nothing else to do meanwhile, and it does not wait behind image decodes for a slot in libuv's
// thread pool as an asynchronous read would.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { WireError } from './classifier-protocol.ts';

/** Larger files are not photos from a phone or webcam; they are refused without decoding. */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;

/** Result of reading one file: its hash and size, or why it could not be read. */
export type HashedRead =
  { ok: true; sha256: string; sizeBytes: number } | { ok: false; error: WireError; sha256?: string; sizeBytes?: number };

/** Buffers above this size are dropped after use rather than kept for the next photo. */
const KEEP_BYTES = 16 * 1024 * 1024;
const GROW_STEP = 1024 * 1024;

/** Reusable memory for reading photos. Whatever `read` returned is only valid until the next read
 * into the same ReadBuffer: the caller must be done with it (sharp included) before then. */
export class ReadBuffer {
  private buf = Buffer.alloc(0);

  /** At least `size` bytes of scratch memory. */
  take(size: number): Buffer {
    if (this.buf.length < size) this.buf = Buffer.allocUnsafeSlow(Math.ceil(Math.max(size, 1) / GROW_STEP) * GROW_STEP);
    return this.buf;
  }

  /** Lets go of an unusually large buffer once the photo that needed it is done. */
  shrink(): void {
    if (this.buf.length > KEEP_BYTES) this.buf = Buffer.alloc(0);
  }
}

// O_NONBLOCK: a FIFO that takes a photo's name must not hang the classifier in open(); a regular
// file ignores the flag. (Windows has no such flag and no such files.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads `file` once into `into`, hashing exactly the bytes returned. `bytes` (a view of `into`) is
 * present when the file could be read and is small enough to be a photo. */
export function readHashed(file: string, into: ReadBuffer): { read: HashedRead; bytes?: Buffer } {
  let fd: number | undefined;
  try {
    fd = openSync(file, OPEN_FLAGS);
    const s = fstatSync(fd);
    if (!s.isFile()) {
      return {
        read: { ok: false, error: { code: 'IMAGE_UNREADABLE', message: `File cannot be read (not a regular file): ${file}`, file } },
      };
    }
    if (s.size > MAX_PHOTO_BYTES) {
      return {
        read: {
          ok: false,
          sha256: hashRest(fd, into),
          sizeBytes: s.size,
          error: {
            code: 'FILE_TOO_LARGE',
            message: `File is ${(s.size / 1048576).toFixed(1)} MB, over the ${MAX_PHOTO_BYTES / 1048576} MB limit for a photo: ${file}`,
            file,
          },
        },
      };
    }
    // Up to the size stat gave (a file still growing is cut there, and refused as truncated by the
    // decoder); fewer bytes if it shrank meanwhile.
    const buf = into.take(s.size);
    let n = 0;
    while (n < s.size) {
      const got = readSync(fd, buf, n, s.size - n, n);
      if (got === 0) break;
      n += got;
    }
    const bytes = buf.subarray(0, n);
    return { read: { ok: true, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: n }, bytes };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return { read: { ok: false, error: { code: 'FILE_MISSING', message: `File disappeared before it could be read: ${file}`, file } } };
    return {
      read: {
        ok: false,
        error: { code: 'IMAGE_UNREADABLE', message: `File cannot be read (${code ?? (e as Error).message}): ${file}`, file },
      },
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** sha256 of a file too large to hold, read through `into` a chunk at a time. */
function hashRest(fd: number, into: ReadBuffer): string {
  const h = createHash('sha256');
  const buf = into.take(GROW_STEP);
  for (let pos = 0; ;) {
    const got = readSync(fd, buf, 0, buf.length, pos);
    if (got === 0) break;
    h.update(buf.subarray(0, got));
    pos += got;
  }
  return h.digest('hex');
}
