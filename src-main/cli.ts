// returns-station <command>: the headless entry points (see README).
//   eval   --data DIR [--json] [--model DIR]   accuracy, calibration and bands on a labelled folder
// Exit codes: 0 done, 1 the work failed, 2 bad arguments.
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createClassifier } from './station/classify/classifier.ts';
import { isClassifyError } from './station/classify/classify-errors.ts';
import { evaluateFolder, formatReport } from './station/classify/evaluate-folder.ts';

class UsageError extends Error {}

const USAGE = `usage: returns-station <command> [options]

commands:
  eval --data DIR [--json] [--model DIR]
      Classify DIR/<Category>/<image> with the app's classifier and print accuracy, macro-F1,
      per-class scores, confusion matrix, calibration (ECE), confidence bands and speed.
      Folders not named after one of the model's categories count as out-of-set.
      --json  also print one JSON object as the last line.`;

async function requireDir(flag: string, dir: string | undefined): Promise<string> {
  if (!dir) throw new UsageError(`${flag} DIR is required`);
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new UsageError(`${flag} ${dir}: no such folder`);
  return dir;
}

async function runEval(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, json: { type: 'boolean', default: false }, model: { type: 'string' } },
    strict: true,
  });
  const data = await requireDir('--data', values.data);
  const classifier = await createClassifier({ modelDir: values.model });
  try {
    const report = await evaluateFolder(classifier, data);
    console.log(formatReport(report, classifier.manifest.labels));
    if (values.json) console.log(JSON.stringify(report));
    return 0;
  } finally {
    await classifier.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'eval':
        return await runEval(rest);
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
    if (isClassifyError(e)) {
      console.error(`returns-station: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
