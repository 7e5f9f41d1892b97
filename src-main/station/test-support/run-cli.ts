// Runs the CLI (src-main/cli.ts under tsx) as a child process and answers its exit code and output,
// a failing run included: the tests of `eval` and its `--drift` replay read both.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../..');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[]): Promise<CliOutcome> {
  return run(process.execPath, ['--import', 'tsx', path.join(repo, 'src-main/cli.ts'), ...args], { cwd: repo }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: CliOutcome) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}
