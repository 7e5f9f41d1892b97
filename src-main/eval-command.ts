// `returns-station eval`: the classifier measured on a folder of labelled photos, or, with
// --adapt-from, desk learning replayed (see the usage in cli.ts).
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../src-shared/domain.ts';
import { requireDir, UsageError } from './cli-args.ts';
import { createClassifier } from './station/classify/classifier.ts';
import { EvalInputError, evaluateFolder, formatReport, readLabelMap } from './station/classify/evaluate-folder.ts';
import { parseCurve, parseNewCategories, replayEval } from './station/desk/replay-eval.ts';

export async function runEval(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      'label-map': { type: 'string' },
      json: { type: 'boolean', default: false },
      model: { type: 'string' },
      'adapt-from': { type: 'string' },
      curve: { type: 'string', default: '0,50,100,200,400,800' },
      'new-category': { type: 'string', multiple: true, default: [] },
      'review-all': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const data = await requireDir('--data', values.data);
  const adaptFrom = values['adapt-from'] === undefined ? null : await requireDir('--adapt-from', values['adapt-from']);
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
          data,
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
      return evaluateFolder(classifier, data, { labelMap });
    })().catch((e: unknown) => Promise.reject(e instanceof EvalInputError ? new UsageError(e.message) : e));
    console.log(formatReport(report, classifier.manifest.labels));
    if (values.json) console.log(JSON.stringify(report));
    return 0;
  } finally {
    await classifier.close();
  }
}
