// `returns-station eval`: the classifier measured on a folder of labelled photos, or, with
// --adapt-from, desk learning replayed (see the usage in cli.ts).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../src-shared/domain.ts';
import { requireDir, UsageError } from './cli-args.ts';
import { createClassifier } from './station/classify/classifier.ts';
import { EvalInputError, evaluateFolder, formatReport, readLabelMap, type PhotoFilter } from './station/classify/evaluate-folder.ts';
import { parseFolds, senderFolds } from './station/classify/sender-folds.ts';
import { parseCurve, parseNewCategories, replayEval } from './station/desk/replay-eval.ts';

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
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const data = await requireDirs('--data', values.data);
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
