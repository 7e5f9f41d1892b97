// The station folder's layout, created on demand and checked writable: used when a station starts
// (CLI --root) and when Settings moves the station to another folder.
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { StationRequestError } from '../../src-shared/contract.ts';
import { STATION_SUBFOLDERS } from './station-layout.ts';


/** Creates `root` and its sub-folders as needed and checks they are writable; returns the resolved
 * path. Bad input is a BAD_REQUEST naming the folder and the reason. */
export async function prepareStationFolder(root: string): Promise<string> {
  if (!path.isAbsolute(root)) throw new StationRequestError('BAD_REQUEST', `The station folder must be an absolute path, not "${root}".`);
  const dir = path.resolve(root);
  for (const sub of ['', ...STATION_SUBFOLDERS]) {
    const d = path.join(dir, sub);
    try {
      await mkdir(d, { recursive: true });
      await access(d, constants.W_OK);
    } catch (e) {
      throw new StationRequestError('BAD_REQUEST', `Cannot use ${d} as a station folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
  }
  return dir;
}
