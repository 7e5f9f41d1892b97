// The station folder's layout, created on demand and checked writable: used when a station starts
// (CLI --root) and when Settings moves the station to another folder.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, realpath, stat, statfs, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StationRequestError } from '../../src-shared/contract.ts';
import { STATION_SUBFOLDERS } from './station-layout.ts';

/** Kernel views, not disks: mkdir under /proc can spin forever instead of failing. */
const VIRTUAL_TREES = ['/proc', '/sys', '/dev'];
/** statfs f_type of file systems that are no place for photos (proc, sysfs, devpts, debugfs,
 * tracefs, securityfs, cgroup, cgroup2, pstore, bpf, configfs, fusectl, binfmt_misc). */
const VIRTUAL_FS_TYPES = new Set([
  0x9fa0, 0x62656572, 0x1cd1, 0x64626720, 0x74726163, 0x73636673, 0x27e0eb, 0x63677270, 0x6165676c, 0xcafe4a11, 0x62656570, 0x65735543,
  0x42494e4d,
]);

const refuse = (dir: string, why: string) => new StationRequestError('BAD_REQUEST', `Cannot use ${dir} as a station folder (${why}).`);
const insideVirtualTree = (p: string) => process.platform !== 'win32' && VIRTUAL_TREES.some((t) => p === t || p.startsWith(`${t}/`));

/** The deepest part of `dir` that exists already. */
async function nearestExisting(dir: string): Promise<string> {
  let d = dir;
  while (
    !(await stat(d).then(
      () => true,
      () => false,
    ))
  ) {
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return d;
}

/** Refuses, before anything is created, a path that is not on a real disk. */
async function assertRealDisk(dir: string): Promise<void> {
  if (insideVirtualTree(dir)) throw refuse(dir, 'a system folder, not a disk');
  const existing = await nearestExisting(dir);
  const real = await realpath(existing).catch(() => existing);
  if (insideVirtualTree(real)) throw refuse(dir, `${existing} leads into ${real}, a system folder, not a disk`);
  const fs = await statfs(real).catch(() => null);
  if (fs && process.platform === 'linux' && VIRTUAL_FS_TYPES.has(Number(fs.type))) throw refuse(dir, 'not on a disk');
}

/** mkdir one level at a time (a recursive mkdir on a strange file system has hung for good). */
async function mkdirLevelByLevel(dir: string): Promise<void> {
  const missing: string[] = [];
  for (
    let d = dir;
    !(await stat(d).then(
      () => true,
      () => false,
    ));
    d = path.dirname(d)
  ) {
    if (path.dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) {
    await mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}

/** Writing a file is the only proof that a folder takes files (access() trusts permission bits). */
async function assertTakesFiles(dir: string): Promise<void> {
  const probe = path.join(dir, `.rs-write-check-${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(probe, 'wx');
  await fh.close();
  await unlink(probe);
}

/** Creates `root` and its sub-folders as needed and checks they are writable; returns the resolved
 * path. Bad input is a BAD_REQUEST naming the folder and the reason. */
export async function prepareStationFolder(root: string): Promise<string> {
  if (!path.isAbsolute(root)) throw new StationRequestError('BAD_REQUEST', `The station folder must be an absolute path, not "${root}".`);
  const dir = path.resolve(root);
  await assertRealDisk(dir);
  for (const sub of ['', ...STATION_SUBFOLDERS]) {
    const d = path.join(dir, sub);
    try {
      await mkdirLevelByLevel(d);
      await access(d, constants.W_OK);
      if (sub === '') await assertTakesFiles(d);
    } catch (e) {
      throw refuse(d, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
  }
  return dir;
}
