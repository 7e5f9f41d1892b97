// The station folder's fixed names, with no other imports: the batch worker reads them at the
// start of every run, and must not pull in the contract (and zod) through station-folder.ts.
import path from 'node:path';

export const STATION_SUBFOLDERS = ['incoming', 'processed', 'errors', 'results', 'logs', 'backups'] as const;

/** Where a station lives unless told otherwise: the desk's habit of a folder in Documents. */
export function defaultStationRoot(documentsDir: string): string {
  return path.join(documentsDir, 'ReturnsStation');
}
