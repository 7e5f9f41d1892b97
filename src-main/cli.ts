// returns-station <command>: the entry points without a window (npm run batch / eval / bench /
// web, and npm start without Electron). USAGE below is the reference for each command's options.
// Exit codes: 0 done, 1 the work failed, 2 bad arguments, 3 the station database is damaged and no
// sound backup could replace it (nothing was changed).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAlertDispatcher } from './station/alerts/alert-dispatch.ts';
import { BatchBusyError } from './station/batch/batch-lock.ts';
import { createBatchRunner } from './station/batch/batch-runner.ts';
import { DatabaseUnrecoverableError, openCheckedStationDb } from './station/recovery/open-checked-db.ts';
import { DEFAULT_BENCH_ROUNDS, measureBench, runBench } from './station/bench/run-bench.ts';
import { benchDrift } from './station/bench/drift-bench.ts';
import { benchFind } from './station/bench/find-bench.ts';
import { benchHistory } from './station/bench/history-bench.ts';
import { benchDeskHeadFit } from './station/bench/desk-head-bench.ts';
import { formatStepTable } from './station/bench/step-profile.ts';
import { startClassifierService } from './station/classify/classifier-service.ts';
import { defaultModelDir } from './station/classify/model-manifest.ts';
import { prepareStationFolder } from './station/station-folder.ts';
import { createEventBus } from './station/station-events.ts';
import { defaultStationRoot } from './station/station-layout.ts';
import { startBrowserMode } from './web/browser-mode.ts';
import { fileURLToPath } from 'node:url';
import { isClassifyError } from './station/classify/classify-errors.ts';
import { requireDir, UsageError } from './cli-args.ts';
import { runEval } from './eval-command.ts';

const USAGE = `usage: returns-station <command> [options]

commands:
  batch --root DIR [--model DIR] [--progress]
      Run the nightly batch on the station folder DIR now (resuming an interrupted run) and print
      its summary. Exit 0 when the run completed (with or without photo errors), 1 when it failed,
      3 when station.db is damaged and no sound backup can replace it (nothing is changed).
      --progress  print one line per step: "progress classify 16/247" while waiting for the
                  classifier, "progress file 17/247" as each photo reaches its folder.
  bench [--count N] [--rounds R] [--json] [--model DIR] [--history-only] [--desk-head-only] [--find-only] [--drift-only]
      Generate N (default 300) phone-sized 4032×3024 JPEGs in a temp station, measure the
      decode-only limit on them, then run the real nightly batch end to end, R times (default
      ${DEFAULT_BENCH_ROUNDS}), each batch between two decode-only passes, then the model run alone at
      its fastest settings. Prints the median round's photos/s, its ratio to the limit (decoding
      plus one model run, each alone) and to decoding alone, CPU ms per photo (and each step's, from one more run of the
      batch's code with its steps one at a time), p50/p95 per-photo latency, and the peak RSS;
      --json also prints every round's figures as one JSON object. Then seeds a year of
      history (~110,000 items) and prints the median of 15 timed 365-day History requests
      ("history365"), and times the whole desk head fit on 20,000 synthetic decisions × 395
      inputs × 12 classes ("deskHeadFit"), and finds one return among that year, a third of it
      announced, by return id, order id and part of an id ("findReturn", target ≤ 50 ms).
      Then the drift watch's checks and accuracy estimate for 1,000 made-up photos ("driftCheck",
      target ≤ 2 s). --history-only, --desk-head-only, --find-only and --drift-only run just that
      figure (several flags: those figures).
  web [--root DIR] [--port N] [--model DIR]
      Browser mode: the station (watching, nightly schedule) and its screens on
      http://127.0.0.1:N/ only, with a per-launch token in the printed URL. Ctrl+C stops it.
      Without --root, the app's own station folder (~/Documents/ReturnsStation, created).
  eval --data DIR [--data DIR …] [--label-map FILE] [--json] [--model DIR]
       [--senders FILE --folds F [--adapt-folds F2]]
       [--adapt-from DIR2 [--adapt-from DIR2 …] [--curve 0,50,100,200,400,800] [--new-category KIND=Name …]
        [--review-all] [--no-kind-offers] [--seed N]]
       [--drift --label-map FILE --senders FILE [--folds 5-9] [--new-kind KIND] [--night-sizes 300,100]
        [--stable-nights 90] [--trials 20] [--max-per-shift 600] [--k K] [--cache FILE] [--seed N]]
       [--drift --write-model-reference --label-map FILE --senders FILE [--folds 8-9] [--model DIR]]
      Classify DIR/<Category>/<image> with the app's classifier and print accuracy, macro-F1,
      per-class scores, confusion matrix, calibration (ECE), confidence bands, auto-approved
      share and wrong auto-approvals (per folder too) and speed. Folders not named after one of
      the model's categories count as out-of-set.
      --label-map FILE  folders are kinds; FILE (JSON) maps each kind to the categories that
                        count as right for it ([] = none of them: out-of-set).
      --adapt-from DIR2 replay DIR2's photos (seeded order, --seed) as morning decisions: each
                        photo the station would send to review (every one with --review-all)
                        is decided from the label map ("Other" for a kind of none, or the
                        category --new-category KIND=Name gives it); at each --curve point the
                        desk head is refitted with the app's code and DIR scored. Prints one
                        line per point; --json ends with the whole curve. A new category's
                        first photo offers the model's kind, taken when it is the photo's kind
                        (--no-kind-offers: never taken).
      --senders FILE    a senders.csv (image,…,sender): its senders are dealt into 10 folds of
                        about equal photo count (the trainer's rule); --folds (e.g. 9) keeps
                        only the photos of those senders in DIR, --adapt-folds (e.g. 0-7) in
                        DIR2, so a figure is measured on rooms the fit never saw. Several --data
                        or --adapt-from folders are one set (folders of the same name, one kind).
      --drift           the drift watch replayed: the photos of senders outside --folds (default
                        5-9) are the reference; --stable-nights nights resampled from the others'
                        photos count false alarms; then --trials times per shift, nights after a
                        switch to darker photos (exposure × 0.6), a warm cast, blur, another
                        camera, or --new-kind's photos (a kind of none, default pants) as 30 % of
                        the night. Prints per shift and night size the nights to the first flag,
                        the cause named, and the accuracy estimate's error. Classifications are
                        cached (--cache, default in the temp folder), so a rerun is fast.
      --write-model-reference  with --drift: the model's own drift reference from every labelled
                        photo of the --folds senders (default 8-9: senders the training never
                        saw), written beside model.json (drift-reference.json) and named in it;
                        the station compares its nights with it until the desk has its own.
      --json  also print one JSON object as the last line.`;

async function requireWritableRoot(root: string | undefined): Promise<string> {
  const dir = path.resolve(await requireDir('--root', root));
  return prepareStationFolder(dir).catch((e: Error) => {
    throw new UsageError(e.message);
  });
}

async function runBatchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { root: { type: 'string' }, model: { type: 'string' }, progress: { type: 'boolean', default: false } },
    strict: true,
  });
  const root = await requireWritableRoot(values.root);
  // This process reads what the batch stores: its alerts go to the screens' log line and to the
  // webhook saved in the station's settings, once each is committed.
  const { db, restored } = await openCheckedStationDb(root);
  const alerts = createAlertDispatcher(
    () => db,
    (a) => console.error(`Alert [${a.severity}] ${a.title}: ${a.message}`),
  );
  if (restored) alerts.dispatch(restored.alertId);
  const classifier = startClassifierService({ modelDir: values.model ?? defaultModelDir() });
  // The station's own batch runner (events, progress, a thread that dies recorded as a failed run
  // with its alerts); this command only prints what it announces.
  const events = createEventBus();
  events.on('batch-started', (run) => console.log(`Batch ${run.timestamp} started (${run.trigger}) in ${root}`));
  events.on('batch-progress', (p) => {
    // --progress: one plain line per step, for logs and for the crash test that kills the
    // process at chosen moments.
    if (values.progress) console.log(`progress ${p.phase} ${p.done}/${p.total}`);
    else if (process.stdout.isTTY && p.phase === 'file')
      process.stdout.write(`\r  ${p.done}/${p.total} ${p.current ?? ''}`.padEnd(70).slice(0, 80));
  });
  const batches = createBatchRunner({
    root,
    db,
    classifier,
    events,
    raiseAlert: (id) => alerts.dispatch(id),
    onDeskHeadFit: ({ head, problem }) =>
      console.log(head ? `Desk head #${head.id}: ${head.reason}` : `Desk head: none fitted (${problem})`),
  });
  try {
    const run = await batches.run('cli').catch((e: unknown) => {
      throw e instanceof BatchBusyError ? new UsageError(e.message) : e;
    });
    if (process.stdout.isTTY && !values.progress) process.stdout.write('\n');
    if (run.status === 'failed') {
      console.error(`Batch ${run.timestamp} FAILED: ${run.errorMessage}`);
      if (run.outputs?.log) console.error(`Log: ${path.join(root, run.outputs.log)}`);
      return 1;
    }
    console.log(
      `Batch ${run.timestamp} ${run.status === 'completed' ? 'complete' : 'complete with errors'}: ` +
        `${run.totalImages} photos · ${run.successful} filed · ${run.failed} failed (${run.successRate.toFixed(2)} % success) · ` +
        `${run.lowConfidence} low confidence · ${run.durationSeconds.toFixed(1)} s`,
    );
    if (run.outputs) for (const [k, v] of Object.entries(run.outputs)) console.log(`  ${k.padEnd(8)}${path.join(root, v)}`);
    return 0;
  } finally {
    // After a run the batch's thread fits the desk head on the review decisions: let it finish.
    await batches.close();
    await classifier.close();
    await alerts.settled();
    db.close();
  }
}

async function runBenchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '300' },
      rounds: { type: 'string', default: String(DEFAULT_BENCH_ROUNDS) },
      json: { type: 'boolean', default: false },
      model: { type: 'string' },
      'measure-root': { type: 'string' }, // internal: the measuring child process
      'history-only': { type: 'boolean', default: false },
      'desk-head-only': { type: 'boolean', default: false },
      'find-only': { type: 'boolean', default: false },
      'drift-only': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9)
    throw new UsageError(`--rounds must be a whole number from 1 to 9, not "${values.rounds}"`);
  if (values['measure-root']) {
    const r = await measureBench(values['measure-root'], { rounds, modelDir: values.model, log: (s) => console.log(s) });
    console.log(JSON.stringify(r));
    return 0;
  }
  // The History screen's figure: a year of seeded history, the 365-day request timed.
  const historyFigure = async () => {
    const h = await benchHistory({ modelDir: values.model, log: (s) => console.log(s) });
    console.log(`history365: median ${h.medianMs.toFixed(1)} ms (${h.runs} runs)`);
    return h;
  };
  // The desk head's figure: one fit on a seeded problem the size of a busy station's decisions.
  const deskHeadFigure = async () => {
    const d = await benchDeskHeadFit({ log: (s) => console.log(s) });
    console.log(
      `deskHeadFit: ${d.rows} decisions × ${d.dims} inputs × ${d.classes} classes: the whole fit and check in ${d.seconds.toFixed(1)} s (one softmax fit ${d.singleFitSeconds.toFixed(1)} s, ${d.iterations} iterations)`,
    );
    return d;
  };
  // Find a return: one return among the seeded year, by return id, order id and part of an id.
  const findFigure = async () => {
    const f = await benchFind({ modelDir: values.model, log: (s) => console.log(s) });
    console.log(
      `findReturn: median ${f.byReturnIdMs.toFixed(1)} ms by return id, ${f.byOrderIdMs.toFixed(1)} ms by order id, ${f.partialMs.toFixed(1)} ms by part of an id (${f.items} items, target ≤ 50 ms)`,
    );
    return f;
  };
  // The drift watch's figure: the night's checks and estimate for 1,000 made-up photos.
  const driftFigure = () => {
    const d = benchDrift({ log: (s) => console.log(s) });
    console.log(
      `driftCheck: ${d.photos} photos against a reference of ${d.referencePhotos}: checks and estimate in ${d.checkMs.toFixed(0)} ms (median of ${d.runs}; target ≤ 2000 ms); thresholds ${d.thresholdsMs.toFixed(0)} ms once per night size; reference ${d.referenceMs.toFixed(0)} ms, ${Math.round(d.referenceJsonBytes / 1024)} KB`,
    );
    return d;
  };
  if (values['history-only'] || values['desk-head-only'] || values['find-only'] || values['drift-only']) {
    const figures = {
      ...(values['drift-only'] && { driftCheck: driftFigure() }),
      ...(values['history-only'] && { history365: await historyFigure() }),
      ...(values['desk-head-only'] && { deskHeadFit: await deskHeadFigure() }),
      ...(values['find-only'] && { findReturn: await findFigure() }),
    };
    if (values.json) console.log(JSON.stringify(figures));
    return 0;
  }
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 5000)
    throw new UsageError(`--count must be a whole number from 1 to 5000, not "${values.count}"`);
  const r = await runBench({ count, rounds, modelDir: values.model, log: (s) => console.log(s) });
  console.log('');
  if (r.rounds.length > 1)
    console.log(`Median of ${r.rounds.length} rounds (ratios ${r.rounds.map((x) => x.ratioToLimit.toFixed(3)).join(', ')}):`);
  console.log(`Batch: ${r.count} photos in ${r.batchSeconds.toFixed(1)} s = ${r.photosPerSecond.toFixed(1)} photos/s`);
  console.log(
    `Limit: decode-only ${r.decodeLimitPhotosPerSecond.toFixed(1)} photos/s + model run alone ${r.modelRunMsPerPhoto.toFixed(2)} ms a photo ` +
      `(${r.modelRunThreads} thread(s), runs of ${r.modelRunSize}) = ${r.limitPhotosPerSecond.toFixed(1)} photos/s → ratio ${r.ratioToLimit.toFixed(3)}`,
  );
  console.log(`Ratio to decoding alone: ${r.ratioToDecodeLimit.toFixed(3)}`);
  console.log(
    `CPU time per photo: decode-only ${r.decodeCpuMsPerPhoto.toFixed(1)} ms, batch ${r.batchCpuMsPerPhoto.toFixed(1)} ms (all threads)`,
  );
  for (const line of formatStepTable(r, r)) console.log(line);
  console.log(`Per-photo latency (decode + classify): p50 ${r.p50Ms.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms`);
  console.log(`Peak RSS: ${r.peakRssMb.toFixed(0)} MB`);
  const history365 = await historyFigure();
  const deskHeadFit = await deskHeadFigure();
  const findReturn = await findFigure();
  const driftCheck = driftFigure();
  if (values.json) console.log(JSON.stringify({ ...r, history365, deskHeadFit, findReturn, driftCheck }));
  return 0;
}

async function runWebCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { root: { type: 'string' }, port: { type: 'string', default: '0' }, model: { type: 'string' } },
    strict: true,
  });
  const root = values.root
    ? await requireWritableRoot(values.root)
    : await prepareStationFolder(defaultStationRoot(path.join(homedir(), 'Documents'))).catch((e: Error) => {
        throw new UsageError(e.message);
      });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, not "${values.port}"`);
  const renderer = fileURLToPath(new URL('../dist/renderer/', import.meta.url));
  const mode = await startBrowserMode({
    root,
    modelDir: values.model,
    port,
    staticDir: existsSync(renderer) ? renderer : undefined,
    onSwitch: (r) => console.log(`Now serving the station folder ${r}`),
  });
  console.log(`Returns Station (browser mode) for ${root}`);
  console.log(`Open: ${mode.server.url}`);
  if (!existsSync(renderer)) console.log('(no renderer build found: serving the API only)');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('Stopping…');
  await mode.close();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'eval':
        return await runEval(rest);
      case 'batch':
        return await runBatchCommand(rest);
      case 'bench':
        return await runBenchCommand(rest);
      case 'web':
        return await runWebCommand(rest);
      case undefined:
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`returns-station: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof DatabaseUnrecoverableError) {
      console.error(`returns-station: ${e.message}`);
      return e.exitCode;
    }
    if (isClassifyError(e)) {
      console.error(`returns-station: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
