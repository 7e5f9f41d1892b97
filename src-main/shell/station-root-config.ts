// Which station folder the app opens. It cannot live in station.db (that file is inside the folder),
// so it is a small JSON file in the app's own data folder.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultStationRoot } from '../station/station-layout.ts';

export interface RootConfig {
  root: string;
}

export async function readStationRoot(userDataDir: string, documentsDir: string): Promise<string> {
  const file = path.join(userDataDir, 'station-root.json');
  const stored = await readFile(file, 'utf8').then(
    (t) => (JSON.parse(t) as Partial<RootConfig>).root,
    () => undefined,
  );
  const root = typeof stored === 'string' && path.isAbsolute(stored) ? stored : defaultStationRoot(documentsDir);
  await mkdir(root, { recursive: true });
  return root;
}

export async function writeStationRoot(userDataDir: string, root: string): Promise<void> {
  if (!path.isAbsolute(root)) throw new Error(`The station folder must be an absolute path, not "${root}"`);
  await mkdir(userDataDir, { recursive: true });
  await writeFile(path.join(userDataDir, 'station-root.json'), JSON.stringify({ root } satisfies RootConfig, null, 2));
}
