// A clerk reads why a file went to errors/: an empty file, a cut-off JPEG and a text file each get
// their own reason from the real decoder path, not "unsupported image format" or "Unknown error".
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { createClassifier } from './classifier.ts';

let tmp: string;
let classifier: Awaited<ReturnType<typeof createClassifier>>;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-unreadable-'));
  const jpeg = await syntheticPhoto({ width: 320, height: 240, seed: 21 });
  await writeFile(path.join(tmp, 'empty.jpg'), Buffer.alloc(0));
  await writeFile(path.join(tmp, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await writeFile(path.join(tmp, 'notes.jpg'), 'this is a text file, not a photo\n');
  classifier = await createClassifier({});
});
afterAll(async () => {
  await classifier.close();
  await rm(tmp, { recursive: true, force: true });
});

const reason = (name: string) =>
  classifier.classify(path.join(tmp, name)).then(
    () => 'read',
    (e: Error) => e.message,
  );

describe('reasons for unreadable files', () => {
  it('says empty, truncated, or not an image', async () => {
    expect(await reason('empty.jpg')).toMatch(/empty file: 0 bytes/);
    expect(await reason('truncated.jpg')).toMatch(/truncated or damaged JPEG/);
    expect(await reason('notes.jpg')).toMatch(/not an image/);
  });
});
