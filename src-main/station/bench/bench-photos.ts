// Phone-sized test photos for the benchmark: 4032×3024 JPEGs of 2.5–4 MB. A few distinct scenes are
// rendered and each file gets its own JPEG comment, so every file has different bytes (no two are
// the same item) while generation stays quick; decoding cost is that of a real 12 MP photo.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';

export const BENCH_WIDTH = 4032;
export const BENCH_HEIGHT = 3024;

function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0); // COM
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

export async function writeBenchPhotos(dir: string, count: number, scenes = 12): Promise<{ files: string[]; bytes: number }> {
  const bases: Buffer[] = [];
  for (let s = 0; s < Math.min(scenes, count); s++)
    bases.push(await syntheticPhoto({ width: BENCH_WIDTH, height: BENCH_HEIGHT, seed: 500 + s, quality: 88 }));
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const name = `return_20251013_${String(i + 1).padStart(3, '0')}.jpg`;
    const data = withComment(bases[i % bases.length]!, `returns-station bench photo ${i + 1}`);
    await writeFile(path.join(dir, name), data);
    files.push(path.join(dir, name));
    bytes += data.length;
  }
  return { files, bytes };
}
