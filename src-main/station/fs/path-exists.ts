import { stat } from 'node:fs/promises';

/** True when something (file, folder, link target) is at `p`. */
export function pathExists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
