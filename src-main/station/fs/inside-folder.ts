// Paths inside the station folder (and the built renderer's folder). The database stores paths
// relative to the station root with '/' separators; a path is trusted only after its real path
// (symlinks resolved) is found inside the folder's real path, so neither `..` nor a symlink can
// lead the station to read, serve or write a file elsewhere on the machine.
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/** The absolute path of a station-relative path (`processed/Tshirts/x.jpg`). */
export const toAbs = (root: string, rel: string) => path.join(root, ...rel.split('/'));

/** True when `real` lies strictly inside `realBase` (both already resolved): not the folder itself,
 * not a sibling whose name merely starts the same ("/station-old" beside "/station"). */
export function isStrictlyInside(realBase: string, real: string): boolean {
  const back = path.relative(realBase, real);
  return back !== '' && back !== '..' && !back.startsWith(`..${path.sep}`) && !path.isAbsolute(back);
}

export type ResolvedInside = { where: 'inside' | 'outside'; real: string } | { where: 'missing' };

/**
 * Where `rel` (relative to `base`, '/' or the platform's separator) really leads: 'inside' with
 * its real path, 'outside' (with where it leads, for the message), or 'missing'. Throws when
 * `base` itself cannot be resolved.
 */
export async function resolveInside(base: string, rel: string): Promise<ResolvedInside> {
  const realBase = await realpath(base);
  const real = await realpath(path.join(realBase, rel)).catch(() => null);
  if (real === null) return { where: 'missing' };
  return { where: isStrictlyInside(realBase, real) ? 'inside' : 'outside', real };
}
