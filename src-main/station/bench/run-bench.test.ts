import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchPhotos } from './bench-photos.ts';
import { STEP_NAMES } from '../step-meter.ts';
import { measureBench } from './run-bench.ts';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rs-bench-test-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

async function hashesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(await sha256(path.join(e.parentPath, e.name)));
  }
  return out.sort();
}

describe('bench measurement', () => {
  it('runs the batch in rounds on fresh stations, reports the median round and each step, and keeps every photo', async () => {
    const incoming = path.join(base, 'station-1', 'incoming');
    await mkdir(incoming, { recursive: true });
    const { files } = await writeBenchPhotos(incoming, 3, 2);
    const before = (await Promise.all(files.map(sha256))).sort();
    const lines: string[] = [];

    const r = await measureBench(base, { rounds: 3, log: (s) => lines.push(s) });

    expect(r.count).toBe(3);
    expect(r.rounds).toHaveLength(3);
    for (const round of r.rounds) {
      expect(round.photosPerSecond).toBeGreaterThan(0);
      expect(round.ratioToDecodeLimit).toBeCloseTo(round.photosPerSecond / round.decodeLimitPhotosPerSecond, 9);
      // The limit is decoding plus one model run, both alone: slower than decoding alone.
      expect(round.modelRunMsPerPhoto).toBeGreaterThan(0);
      expect(1 / round.limitPhotosPerSecond).toBeCloseTo(1 / round.decodeLimitPhotosPerSecond + round.modelRunMsPerPhoto / 1000, 9);
      expect(round.ratioToLimit).toBeCloseTo(round.photosPerSecond / round.limitPhotosPerSecond, 9);
      expect(round.ratioToLimit).toBeGreaterThan(round.ratioToDecodeLimit);
    }
    const ratios = r.rounds.map((x) => x.ratioToLimit).sort((a, b) => a - b);
    expect(r.ratioToLimit).toBe(ratios[1]);
    expect([1, 2]).toContain(r.modelRunThreads);
    expect([8, 32]).toContain(r.modelRunSize);
    expect(lines.filter((l) => /^ {2}model run alone, \d thread\(s\), runs of \d+: /.test(l))).toHaveLength(4);
    expect(r.rounds.some((x) => x.photosPerSecond === r.photosPerSecond && x.batchSeconds === r.batchSeconds)).toBe(true);
    expect(r.p50Ms).toBeGreaterThan(0);
    expect(r.p95Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(lines.filter((l) => /^ {2}round \d: batch /.test(l))).toHaveLength(3);
    // The step profile: every step of the batch, each with its CPU time (the photos are filed by it).
    expect(r.steps.map((x) => x.step)).toEqual([...STEP_NAMES, 'other (between steps)']);
    const cpu = Object.fromEntries(r.steps.map((x) => [x.step, x.cpuMsPerPhoto]));
    for (const step of [
      'read + hash',
      'decode to working size',
      'model input',
      'thumbnail JPEG',
      'model run',
      'DB: rows + journal',
      'moves',
    ])
      expect(cpu[step], step).toBeGreaterThan(0);
    const sum = r.steps.reduce((a, x) => a + x.cpuMsPerPhoto, 0);
    expect(sum).toBeCloseTo(r.serialCpuMsPerPhoto, 6);

    // Every round started from a full incoming/ and the photos ended filed by the step profile,
    // byte for byte: the rounds and the profile move photos, never copy or drop one.
    for (const k of [1, 2, 3, 'profile']) {
      expect(await readdir(path.join(base, `station-${k}`, 'incoming'))).toEqual([]);
      expect(await readdir(path.join(base, `station-${k}`, 'errors'))).toEqual([]);
    }
    expect(await hashesUnder(path.join(base, 'station-profile', 'processed'))).toEqual(before);
  });
});
