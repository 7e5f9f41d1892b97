// `returns-station eval`: the classifier measured on a folder of labelled photos, or, with
// --adapt-from, desk learning replayed (see the usage in cli.ts).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../src-shared/domain.ts';
import { requireDir, UsageError } from './cli-args.ts';
import { createClassifier } from './station/classify/classifier.ts';
import { EvalInputError, evaluateFolder, formatReport, readLabelMap, type PhotoFilter } from './station/classify/evaluate-folder.ts';
import { parseFolds, senderFolds } from './station/classify/sender-folds.ts';
import { writeModelReference } from './model-reference.ts';
import { parseCurve, parseNewCategories, replayEval } from './station/desk/replay-eval.ts';
import { DEFAULT_K, defaultDriftCache, driftEval, formatDriftReport, sendersOf } from './drift-eval.ts';

export async function runEval(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', multiple: true, default: [] },
      'label-map': { type: 'string' },
      json: { type: 'boolean', default: false },
      model: { type: 'string' },
      'adapt-from': { type: 'string', multiple: true, default: [] },
      senders: { type: 'string' },
      folds: { type: 'string' },
      'adapt-folds': { type: 'string' },
      curve: { type: 'string', default: '0,50,100,200,400,800' },
      'new-category': { type: 'string', multiple: true, default: [] },
      'review-all': { type: 'boolean', default: false },
      'no-kind-offers': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      drift: { type: 'boolean', default: false },
      'write-model-reference': { type: 'boolean', default: false },
      'new-kind': { type: 'string', default: 'pants' },
      'max-per-shift': { type: 'string', default: '600' },
      'night-sizes': { type: 'string', default: '300,100' },
      'stable-nights': { type: 'string', default: '90' },
      trials: { type: 'string', default: '20' },
      k: { type: 'string' },
      cache: { type: 'string' },
    },
    strict: true,
  });
  const data = await requireDirs('--data', values.data);
  if (values.drift) return runDriftEval(data, values);
  const adaptFrom = values['adapt-from'].length ? await requireDirs('--adapt-from', values['adapt-from']) : null;
  const split = await senderSplit(values.senders, values.folds, values['adapt-folds'], adaptFrom !== null);
  const classifier = await createClassifier({ modelDir: values.model });
  try {
    const mapFile = values['label-map'];
    if (adaptFrom) {
      if (!mapFile) throw new UsageError('--adapt-from needs --label-map (the decisions are taken from it)');
      const seed = Number(values.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, not "${values.seed}"`);
      const report = await (async () => {
        const labelMap = await readLabelMap(mapFile, classifier.manifest.labels);
        return replayEval(classifier, {
          adaptFrom,
          adaptKeep: split.adaptKeep,
          data,
          dataKeep: split.dataKeep,
          labelMap,
          curve: parseCurve(values.curve),
          newCategories: parseNewCategories(values['new-category'], labelMap, classifier.manifest.labels),
          reviewAll: values['review-all'],
          kindOffers: !values['no-kind-offers'],
          seed,
          high: DEFAULT_THRESHOLDS.high,
          log: (line) => console.log(line),
        });
      })().catch((e: unknown) => Promise.reject(e instanceof EvalInputError ? new UsageError(e.message) : e));
      if (values.json) console.log(JSON.stringify(report));
      return 0;
    }
    const report = await (async () => {
      const labelMap = mapFile ? await readLabelMap(mapFile, classifier.manifest.labels) : undefined;
      return evaluateFolder(classifier, data, { labelMap, keep: split.dataKeep });
    })().catch((e: unknown) => Promise.reject(e instanceof EvalInputError ? new UsageError(e.message) : e));
    console.log(formatReport(report, classifier.manifest.labels));
    if (values.json) console.log(JSON.stringify(report));
    return 0;
  } finally {
    await classifier.close();
  }
}

const whole = (flag: string, text: string, min: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, not "${text}"`);
  return n;
};

/** `eval --drift`: the drift watch replayed over a sender split (drift-eval.ts). */
async function runDriftEval(
  data: string[],
  values: {
    'label-map'?: string;
    senders?: string;
    folds?: string;
    'adapt-from': string[];
    'new-kind': string;
    'max-per-shift': string;
    'night-sizes': string;
    'stable-nights': string;
    trials: string;
    k?: string;
    cache?: string;
    seed: string;
    model?: string;
    json: boolean;
    'write-model-reference': boolean;
  },
): Promise<number> {
  if (values['adapt-from'].length) throw new UsageError('--drift and --adapt-from are two different evals: pick one');
  const mapFile = values['label-map'];
  if (!mapFile) throw new UsageError('--drift needs --label-map (the new kind and the true accuracy are taken from it)');
  if (!values.senders) throw new UsageError('--drift needs --senders FILE (the reference and the nights must not share senders)');
  const seed = whole('--seed', values.seed, 0);
  const maxPerShift = whole('--max-per-shift', values['max-per-shift'], 50);
  const stableNights = whole('--stable-nights', values['stable-nights'], 1);
  const trials = whole('--trials', values.trials, 1);
  const sizes = values['night-sizes'].split(',').map((t) => whole('--night-sizes', t.trim(), 20));
  const k = values.k === undefined ? DEFAULT_K : Number(values.k);
  if (!(k > 0)) throw new UsageError(`--k must be a positive number, not "${values.k}"`);
  let nightFolds: Set<number>;
  try {
    nightFolds = parseFolds(values.folds ?? (values['write-model-reference'] ? '8-9' : '5-9'));
  } catch (e) {
    throw new UsageError(`--folds: ${(e as Error).message}`);
  }
  const text = await readFile(values.senders, 'utf8').catch((e: Error) => {
    throw new UsageError(`--senders ${values.senders}: ${e.message}`);
  });
  let foldOf: Map<string, number>;
  try {
    foldOf = senderFolds(text);
  } catch (e) {
    throw new UsageError(`--senders ${values.senders}: ${(e as Error).message}`);
  }
  const classifier = await createClassifier({ modelDir: values.model });
  try {
    const labelMap = await readLabelMap(mapFile, classifier.manifest.labels).catch((e: unknown) =>
      Promise.reject(e instanceof EvalInputError ? new UsageError(e.message) : e),
    );
    const cacheFile = values.cache ?? defaultDriftCache(classifier.manifest.sha256);
    if (values['write-model-reference']) {
      const w = await writeModelReference(classifier, {
        data,
        labelMap,
        foldOf,
        senderOf: sendersOf(text),
        folds: nightFolds,
        seed,
        cacheFile,
        log: (line) => console.error(line),
      }).catch((e: unknown) => Promise.reject(e instanceof EvalInputError ? new UsageError(e.message) : e));
      const acc = w.accuracy === null ? '' : `, accuracy ${(w.accuracy * 100).toFixed(1)} %`;
      console.log(`Wrote ${w.file}: ${w.photos} photos of ${w.senders} senders${acc}; model.json names it.`);
      return 0;
    }
    const report = await driftEval(classifier, {
      data,
      labelMap,
      foldOf,
      senderOf: sendersOf(text),
      nightFolds,
      newKind: values['new-kind'],
      maxPerShift,
      sizes,
      stableNights,
      trials,
      k,
      seed,
      cacheFile,
      log: (line) => console.error(line),
    }).catch((e: unknown) => Promise.reject(e instanceof EvalInputError ? new UsageError(e.message) : e));
    console.log(formatDriftReport(report));
    if (values.json) console.log(JSON.stringify(report));
    return 0;
  } finally {
    await classifier.close();
  }
}

async function requireDirs(flag: string, dirs: readonly string[]): Promise<string[]> {
  if (dirs.length === 0) await requireDir(flag, undefined);
  return Promise.all(dirs.map((d) => requireDir(flag, d)));
}

/** `--senders FILE --folds 9 [--adapt-folds 0-7]`: which photos each side keeps, by who took them. A
 * photo the senders file does not list is an error, not silently dropped or kept. */
async function senderSplit(
  file: string | undefined,
  folds: string | undefined,
  adaptFolds: string | undefined,
  replay: boolean,
): Promise<{ dataKeep?: PhotoFilter; adaptKeep?: PhotoFilter }> {
  if (file === undefined) {
    if (folds !== undefined || adaptFolds !== undefined) throw new UsageError('--folds and --adapt-folds need --senders FILE');
    return {};
  }
  if (folds === undefined) throw new UsageError('--senders needs --folds (the sender folds to score, e.g. 9)');
  if (replay && adaptFolds === undefined) throw new UsageError('--senders with --adapt-from needs --adapt-folds (e.g. 0-7)');
  const text = await readFile(file, 'utf8').catch((e: Error) => {
    throw new UsageError(`--senders ${file}: ${e.message}`);
  });
  const parse = (flag: string, t: string) => {
    try {
      return parseFolds(t);
    } catch (e) {
      throw new UsageError(`${flag}: ${(e as Error).message}`);
    }
  };
  let foldOf: Map<string, number>;
  try {
    foldOf = senderFolds(text);
  } catch (e) {
    throw new UsageError(`--senders ${file}: ${(e as Error).message}`);
  }
  const keep =
    (set: Set<number>): PhotoFilter =>
    (id) => {
      const fold = foldOf.get(id);
      if (fold === undefined) throw new EvalInputError(`${id}: not in the senders file ${file}`);
      return set.has(fold);
    };
  const dataFolds = parse('--folds', folds);
  const adapt = adaptFolds === undefined ? undefined : parse('--adapt-folds', adaptFolds);
  if (adapt && [...adapt].some((f) => dataFolds.has(f)))
    throw new UsageError('--folds and --adapt-folds share a fold: the scored photos would come from senders the desk decided on');
  return { dataKeep: keep(dataFolds), ...(adapt ? { adaptKeep: keep(adapt) } : {}) };
}
