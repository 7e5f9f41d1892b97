// What the CLI's commands share about their arguments: the error that means "bad arguments"
// (exit code 2, with the usage) and the check of a folder argument.
import { stat } from 'node:fs/promises';

export class UsageError extends Error {}

export async function requireDir(flag: string, dir: string | undefined): Promise<string> {
  if (!dir) throw new UsageError(`${flag} DIR is required`);
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new UsageError(`${flag} ${dir}: no such folder`);
  return dir;
}
