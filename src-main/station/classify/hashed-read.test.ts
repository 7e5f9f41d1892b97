import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, ReadBuffer, readHashed } from './hashed-read.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-hashed-read-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('readHashed into a reused buffer', () => {
  it('gives each file its own bytes and hash, whatever was read before', async () => {
    const into = new ReadBuffer();
    const contents = [Buffer.alloc(3_000_000, 7), Buffer.from('small'), Buffer.alloc(1_500_000, 9), Buffer.alloc(0)];
    for (const [i, c] of contents.entries()) {
      const file = path.join(tmp, `f${i}.jpg`);
      await writeFile(file, c);
      const { read, bytes } = readHashed(file, into);
      expect(read).toEqual({ ok: true, sha256: sha(c), sizeBytes: c.length });
      expect(bytes!.equals(c)).toBe(true);
    }
  });

  it('says a missing file is missing', () => {
    const { read, bytes } = readHashed(path.join(tmp, 'gone.jpg'), new ReadBuffer());
    expect(read).toMatchObject({ ok: false, error: { code: 'FILE_MISSING' } });
    expect(bytes).toBeUndefined();
  });

  it('refuses a file over the size limit without holding it, but still hashes it', async () => {
    const file = path.join(tmp, 'huge.jpg');
    await writeFile(file, '');
    await truncate(file, MAX_PHOTO_BYTES + 1); // sparse: all zeros
    const { read, bytes } = readHashed(file, new ReadBuffer());
    expect(read).toMatchObject({
      ok: false,
      error: { code: 'FILE_TOO_LARGE' },
      sizeBytes: MAX_PHOTO_BYTES + 1,
      sha256: sha(Buffer.alloc(MAX_PHOTO_BYTES + 1)),
    });
    expect(bytes).toBeUndefined();
  });

  it('does not hang on a FIFO that took a photo name', { skip: process.platform === 'win32' }, () => {
    const fifo = path.join(tmp, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    const { read } = readHashed(fifo, new ReadBuffer());
    expect(read).toMatchObject({ ok: false, error: { code: 'IMAGE_UNREADABLE' } });
  });
});
