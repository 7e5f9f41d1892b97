// `npm run bench`: how close the real nightly batch comes to the speed at which this machine can
// merely decode the same photos to model size (the floor no batch can beat), and how much memory
// it takes. Runs in a fresh process so its peak RSS is the batch's own.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { createBatchService } from '../batch/batch-service.ts';
import { startClassifierService } from '../classify/classifier-service.ts';
import { defaultModelDir, loadVerifiedModel } from '../classify/model-manifest.ts';
import { preprocess } from '../classify/preprocess.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { writeBenchPhotos } from './bench-photos.ts';

export interface BenchResult {
  count: number;
  photosPerSecond: number;
  decodeLimitPhotosPerSecond: number;
  decodeConcurrency: number;
  ratioToDecodeLimit: number;
  p50Ms: number;
  p95Ms: number;
  peakRssMb: number;
  /** CPU time (all threads of the process) per photo: decode-only and the whole batch. Unlike
   * photos/s, these do not move when a neighbour on a shared machine takes CPU time away. */
  decodeCpuMsPerPhoto: number;
  batchCpuMsPerPhoto: number;
  batchSeconds: number;
  megabytes: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function decodeRate(files: string[], spec: Parameters<typeof preprocess>[1], concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < files.length) await preprocess(files[next++]!, spec);
    }),
  );
  return files.length / ((performance.now() - t0) / 1000);
}

/** Generates the photos into a temp station, then measures in a child process (so generation's
 * big buffers do not count in the batch's peak RSS). */
export async function runBench(opts: { count: number; modelDir?: string; log?: (s: string) => void }): Promise<BenchResult> {
  const log = opts.log ?? (() => {});
  const root = await mkdtemp(path.join(tmpdir(), 'rs-bench-'));
  try {
    await mkdir(path.join(root, 'incoming'));
    log(`Generating ${opts.count} photos of 4032×3024 in ${root} …`);
    const { files, bytes } = await writeBenchPhotos(path.join(root, 'incoming'), opts.count);
    log(`  ${(bytes / 1e6).toFixed(0)} MB, ${(bytes / files.length / 1e6).toFixed(2)} MB per photo`);
    // The measurement runs in a fresh process of the same CLI that runs this (dist/cli.mjs under
    // `npm run bench`: the bundles the app ships; or cli.ts under tsx, whose loader flags are in
    // execArgv), so start-up and worker code are what they would be for the desk.
    const args = [...process.execArgv, process.argv[1]!, 'bench', '--measure-root', root, '--json', ...(opts.modelDir ? ['--model', opts.modelDir] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) if (!l.startsWith('{')) log(l);
        else out = l + '\n' + out;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const last = out.trim().split('\n').at(-1) ?? '';
    if (code !== 0 || !last.startsWith('{')) throw new Error(`bench measurement failed (exit ${code})`);
    return JSON.parse(last) as BenchResult;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The measurement itself, on the photos already in `<root>/incoming`. */
export async function measureBench(root: string, opts: { modelDir?: string; log?: (s: string) => void }): Promise<BenchResult> {
  const log = opts.log ?? (() => {});
  const modelDir = opts.modelDir ?? defaultModelDir();
  {
    const names = (await readdir(path.join(root, 'incoming'))).sort();
    const files = names.map((n) => path.join(root, 'incoming', n));
    let bytes = 0;
    for (const f of files) bytes += (await stat(f)).size;

    // Decode-only limit: the same files, opened and resized to the model input, at the best
    // concurrency (sharp also uses its own thread pool inside each call).
    const spec = (await loadVerifiedModel(modelDir)).manifest.input;
    const probe = files.slice(0, Math.min(files.length, 48));
    await decodeRate(probe.slice(0, 8), spec, 2); // warm-up: page cache, libvips start-up
    let best = { c: 1, rate: 0 };
    for (const c of [1, 2, 3, 4, 6]) {
      const rate = await decodeRate(probe, spec, c);
      log(`  decode-only, concurrency ${c}: ${rate.toFixed(1)} photos/s`);
      if (rate > best.rate) best = { c, rate };
    }
    const decodeCpu0 = cpuMs();
    const decodeBefore = await decodeRate(files, spec, best.c);
    const decodeCpuMsPerPhoto = (cpuMs() - decodeCpu0) / files.length;
    log(`Decode-only, all photos, before the batch: ${decodeBefore.toFixed(1)} photos/s (concurrency ${best.c}, sharp threads ${sharp.concurrency()})`);

    // The real nightly batch, end to end, in its worker thread with the classifier worker, as the
    // station configures them (the classifier's own decode concurrency, not the probe's best: its
    // thread also hashes photos and runs the model between decodes).
    const classifier = startClassifierService({ modelDir });
    await classifier.ready();
    const batchCpu0 = cpuMs();
    const t0 = performance.now();
    const run = await createBatchService(root, classifier).run('manual');
    const seconds = (performance.now() - t0) / 1000;
    const batchCpuMsPerPhoto = (cpuMs() - batchCpu0) / files.length;
    await classifier.close();
    if (run.status === 'failed' || run.successful !== files.length) throw new Error(`bench batch did not file every photo: ${run.status} ${run.successful}/${files.length} ${run.errorMessage ?? ''}`);
    const db = openStationDb(path.join(root, 'station.db'));
    const filed = db.listItemsByBatchRun(run.id);
    db.close();
    const latencies = filed.map((i) => i.prediction?.latencyMs ?? 0);
    // The decode-only pass again, on the same photos where the batch filed them: the limit is the
    // rate over both passes, so a shared machine that slows down or speeds up during the run
    // (other tenants, CPU boost) moves the limit the same way as the batch it brackets.
    const decodeAfter = await decodeRate(filed.map((i) => path.join(root, ...i.relPath.split('/'))), spec, best.c);
    const decodeLimit = 2 / (1 / decodeBefore + 1 / decodeAfter);
    log(`Decode-only, all photos, after the batch: ${decodeAfter.toFixed(1)} photos/s`);
    const photosPerSecond = files.length / seconds;
    return {
      count: files.length,
      photosPerSecond,
      decodeLimitPhotosPerSecond: decodeLimit,
      decodeConcurrency: best.c,
      ratioToDecodeLimit: photosPerSecond / decodeLimit,
      p50Ms: quantile(latencies, 0.5),
      p95Ms: quantile(latencies, 0.95),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      decodeCpuMsPerPhoto,
      batchCpuMsPerPhoto,
      batchSeconds: seconds,
      megabytes: bytes / 1e6,
    };
  }
}
