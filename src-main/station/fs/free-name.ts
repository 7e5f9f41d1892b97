// A name for a new file that no file in the folder has yet: x.jpg, x_2.jpg, x_3.jpg, …
import path from 'node:path';
import { clashName } from '../../../src-shared/domain.ts';
import { pathExists } from './path-exists.ts';

/**
 * The first free name in `dir` for `fileName`. `reserved` holds full paths already promised to
 * other files (a batch chunk's photos) and receives this one; `withNote` also requires
 * `<name>.error.txt` to be free. Free now is not free later: the caller still writes or moves with
 * `moveNoClobber`, which refuses if another writer got there first.
 */
export async function freeName(dir: string, fileName: string, opts: { reserved?: Set<string>; withNote?: boolean } = {}): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? fileName : clashName(fileName, n);
    const full = path.join(dir, candidate);
    if (opts.reserved?.has(full) || (await pathExists(full)) || (opts.withNote && (await pathExists(`${full}.error.txt`)))) continue;
    opts.reserved?.add(full);
    return candidate;
  }
}
