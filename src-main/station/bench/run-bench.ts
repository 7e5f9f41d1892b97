// `npm run bench`: how close the real nightly batch comes to the speed at which this machine can
// merely decode the same photos to model size and run the model on them once, each measured alone
// (the floor no batch can beat: model-alone.ts), and how much memory it takes. Runs in a fresh
// process so its peak RSS is the batch's own. The ratio to decoding alone is kept beside it: it was
// the limit while the model was a plain classifier.
//
// On a shared 2-core machine the CPU a process gets drifts by 10 % and more within a minute, so one
// decode pass and one batch can land on different sides of a drift. The batch therefore runs in
// several rounds, each bracketed by decode-only passes over the same photos (D B D B D …), and the
// round with the median ratio is reported (the model alone, a few per cent of the limit, is measured
// after the rounds, so that its sessions stay out of the batch's peak RSS); every round's figures are
// printed and kept in the JSON.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
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
import { openModelAlone } from './model-alone.ts';
import { cpuMs, profileSteps, type StepCost } from './step-profile.ts';

/** One batch and the decode-only passes just before and after it; its limit adds the model run alone. */
export interface BenchRound {
  photosPerSecond: number;
  decodeLimitPhotosPerSecond: number;
  ratioToDecodeLimit: number;
  /** One model run alone, wall ms per photo (the median of the passes after the rounds: the same for
   * every round). */
  modelRunMsPerPhoto: number;
  /** Decode plus one model run, both alone: 1 / (1 / decode limit + model run). */
  limitPhotosPerSecond: number;
  ratioToLimit: number;
  batchSeconds: number;
  decodeCpuMsPerPhoto: number;
  batchCpuMsPerPhoto: number;
}

/** The median round's figures, the peak RSS over all rounds, and every round. */
export interface BenchResult {
  count: number;
  photosPerSecond: number;
  decodeLimitPhotosPerSecond: number;
  decodeConcurrency: number;
  ratioToDecodeLimit: number;
  modelRunMsPerPhoto: number;
  /** The model-alone pass's settings: ONNX Runtime threads and photos a run. */
  modelRunThreads: number;
  modelRunSize: number;
  limitPhotosPerSecond: number;
  ratioToLimit: number;
  p50Ms: number;
  p95Ms: number;
  peakRssMb: number;
  /** CPU time (all threads of the process) per photo: decode-only and the whole batch. Unlike
   * photos/s, these do not move when a neighbour on a shared machine takes CPU time away. */
  decodeCpuMsPerPhoto: number;
  batchCpuMsPerPhoto: number;
  batchSeconds: number;
  megabytes: number;
  rounds: BenchRound[];
  /** Where the CPU goes (step-profile.ts): each step's CPU ms per photo, measured with the steps run
   * one at a time after the rounds, and that profiled run's total. */
  steps: StepCost[];
  serialCpuMsPerPhoto: number;
}

export const DEFAULT_BENCH_ROUNDS = 5;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

async function decodeRate(files: string[], spec: Parameters<typeof preprocess>[1], concurrency: number): Promise<number> {
  return (await decodePass(files, spec, concurrency)).rate;
}

/** Photos/s and CPU ms per photo of decoding `files` to model input, `concurrency` at a time. */
async function decodePass(
  files: string[],
  spec: Parameters<typeof preprocess>[1],
  concurrency: number,
): Promise<{ rate: number; cpuMsPerPhoto: number }> {
  let next = 0;
  const cpu0 = cpuMs();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < files.length) await preprocess(files[next++]!, spec);
    }),
  );
  return { rate: files.length / ((performance.now() - t0) / 1000), cpuMsPerPhoto: (cpuMs() - cpu0) / files.length };
}

/** Generates the photos into a temp folder, then measures in a child process (so generation's
 * big buffers do not count in the batch's peak RSS). */
export async function runBench(opts: {
  count: number;
  rounds?: number;
  modelDir?: string;
  log?: (s: string) => void;
}): Promise<BenchResult> {
  const log = opts.log ?? (() => {});
  const base = await mkdtemp(path.join(tmpdir(), 'rs-bench-'));
  try {
    const incoming = path.join(stationRoot(base, 1), 'incoming');
    await mkdir(incoming, { recursive: true });
    log(`Generating ${opts.count} photos of 4032×3024 in ${incoming} …`);
    const { files, bytes } = await writeBenchPhotos(incoming, opts.count);
    log(`  ${(bytes / 1e6).toFixed(0)} MB, ${(bytes / files.length / 1e6).toFixed(2)} MB per photo`);
    // The measurement runs in a fresh process of the same CLI that runs this (dist/cli.mjs under
    // `npm run bench`: the bundles the app ships; or cli.ts under tsx, whose loader flags are in
    // execArgv), so start-up and worker code are what they would be for the desk.
    const args = [
      ...process.execArgv,
      process.argv[1]!,
      'bench',
      '--measure-root',
      base,
      '--rounds',
      String(opts.rounds ?? DEFAULT_BENCH_ROUNDS),
      '--json',
      ...(opts.modelDir ? ['--model', opts.modelDir] : []),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines)
        if (!l.startsWith('{')) log(l);
        else out = l + '\n' + out;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const last = out.trim().split('\n').at(-1) ?? '';
    if (code !== 0 || !last.startsWith('{')) throw new Error(`bench measurement failed (exit ${code})`);
    return JSON.parse(last) as BenchResult;
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** Each round is a fresh station (its own database: every photo is new to it) under `base`; so is
 * the step profile after the rounds. */
const stationRoot = (base: string, round: number | 'profile') => path.join(base, `station-${round}`);

/** The measurement itself, on the photos already in `<base>/station-1/incoming`. After each round
 * the filed photos are moved, by rename, into the next round's `incoming/`, and after the last one
 * into the step profile's. */
export async function measureBench(
  base: string,
  opts: { rounds?: number; modelDir?: string; log?: (s: string) => void },
): Promise<BenchResult> {
  const log = opts.log ?? (() => {});
  const modelDir = opts.modelDir ?? defaultModelDir();
  const roundCount = opts.rounds ?? DEFAULT_BENCH_ROUNDS;
  const incoming = path.join(stationRoot(base, 1), 'incoming');
  let files = (await readdir(incoming)).sort().map((n) => path.join(incoming, n));
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;

  // Decode-only limit: the same files, opened and resized to the model input, at the best
  // concurrency (sharp also uses its own thread pool inside each call).
  const model = await loadVerifiedModel(modelDir);
  const spec = model.manifest.input;
  const probe = files.slice(0, Math.min(files.length, 48));
  await decodeRate(probe.slice(0, 8), spec, 2); // warm-up: page cache, libvips start-up
  let best = { c: 1, rate: 0 };
  for (const c of [1, 2, 3, 4, 6]) {
    const rate = await decodeRate(probe, spec, c);
    log(`  decode-only, concurrency ${c}: ${rate.toFixed(1)} photos/s`);
    if (rate > best.rate) best = { c, rate };
  }
  log(`Decode-only at concurrency ${best.c} (sharp threads ${sharp.concurrency()}), then ${roundCount} round(s) of batch + decode-only:`);
  let decodeBefore = await decodePass(files, spec, best.c);
  log(`  decode-only: ${decodeBefore.rate.toFixed(1)} photos/s`);

  // The real nightly batch, end to end, in its worker thread with the classifier worker, as the
  // station configures them (the classifier's own decode concurrency, not the probe's best: its
  // thread also hashes photos and runs the model between decodes). The classifier lives across
  // rounds, as it lives all day in the station.
  const classifier = startClassifierService({ modelDir });
  await classifier.ready();
  const rounds: (Omit<BenchRound, 'modelRunMsPerPhoto' | 'limitPhotosPerSecond' | 'ratioToLimit'> & { latencies: number[] })[] = [];
  try {
    for (let r = 1; r <= roundCount; r++) {
      const root = stationRoot(base, r);
      const batchCpu0 = cpuMs();
      const t0 = performance.now();
      const run = await createBatchService(root, classifier).run('manual');
      const seconds = (performance.now() - t0) / 1000;
      const batchCpuMsPerPhoto = (cpuMs() - batchCpu0) / files.length;
      if (run.status === 'failed' || run.successful !== files.length)
        throw new Error(`bench batch did not file every photo: ${run.status} ${run.successful}/${files.length} ${run.errorMessage ?? ''}`);
      const db = openStationDb(path.join(root, 'station.db'));
      const filed = db.items.listItemsByBatchRun(run.id);
      db.close();
      // Where the next round (or the step profile) finds them.
      const next = path.join(stationRoot(base, r < roundCount ? r + 1 : 'profile'), 'incoming');
      await mkdir(next, { recursive: true });
      files = [];
      for (const item of filed) {
        const to = path.join(next, item.fileName);
        await rename(path.join(root, ...item.relPath.split('/')), to);
        files.push(to);
      }
      // The decode-only pass again, on the same photos: the round's limit is the rate over the passes
      // before and after its batch, so a drift in the CPU this process gets moves both sides.
      const decodeAfter = await decodePass(files, spec, best.c);
      const decodeLimit = 2 / (1 / decodeBefore.rate + 1 / decodeAfter.rate);
      const photosPerSecond = files.length / seconds;
      rounds.push({
        photosPerSecond,
        decodeLimitPhotosPerSecond: decodeLimit,
        ratioToDecodeLimit: photosPerSecond / decodeLimit,
        batchSeconds: seconds,
        decodeCpuMsPerPhoto: (decodeBefore.cpuMsPerPhoto + decodeAfter.cpuMsPerPhoto) / 2,
        batchCpuMsPerPhoto,
        latencies: filed.map((i) => i.prediction?.latencyMs ?? 0),
      });
      log(
        `  round ${r}: batch ${photosPerSecond.toFixed(1)} photos/s in ${seconds.toFixed(1)} s; decode-only after it ${decodeAfter.rate.toFixed(1)} photos/s; ratio to decoding alone ${(photosPerSecond / decodeLimit).toFixed(3)}`,
      );
      decodeBefore = decodeAfter;
    }
  } finally {
    await classifier.close();
  }
  // The batch's peak, before the model-alone sessions and the profile's classifier load in this thread.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  // The model alone (model-alone.ts), on the model inputs of the probe's photos: its fastest settings,
  // then one pass over as many photos as a round per round; each round's limit takes the median pass.
  const inputs = await Promise.all(files.slice(0, probe.length).map(async (f) => (await preprocess(f, spec)).data));
  const modelAlone = await openModelAlone(model, inputs, Math.min(files.length, 128), log);
  const passes: number[] = [];
  try {
    for (let r = 0; r < roundCount; r++) passes.push(await modelAlone.pass(files.length));
  } finally {
    await modelAlone.release();
  }
  const modelRunMsPerPhoto = quantile(passes, 0.5);
  log(`  model run alone: ${passes.map((ms) => ms.toFixed(2)).join(', ')} ms a photo; median ${modelRunMsPerPhoto.toFixed(2)}`);
  const limited = rounds.map((round, i) => {
    const limit = 1 / (1 / round.decodeLimitPhotosPerSecond + modelRunMsPerPhoto / 1000);
    log(
      `  round ${i + 1}: limit ${limit.toFixed(1)} photos/s (decode-only + model run alone); ratio ${(round.photosPerSecond / limit).toFixed(3)}`,
    );
    return { ...round, modelRunMsPerPhoto, limitPhotosPerSecond: limit, ratioToLimit: round.photosPerSecond / limit };
  });
  log('Step profile: the same photos through the batch, one step at a time …');
  const profile = await profileSteps(stationRoot(base, 'profile'), modelDir);
  // With an even number of rounds, the lower of the two middle ones.
  const median = [...limited].sort((a, b) => a.ratioToLimit - b.ratioToLimit)[Math.floor((rounds.length - 1) / 2)]!;
  const { latencies, ...figures } = median;
  return {
    count: files.length,
    ...figures,
    decodeConcurrency: best.c,
    modelRunThreads: modelAlone.threads,
    modelRunSize: modelAlone.runSize,
    p50Ms: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    peakRssMb,
    megabytes: bytes / 1e6,
    rounds: limited.map(({ latencies: _, ...round }) => round),
    ...profile,
  };
}
