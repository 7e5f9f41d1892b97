// The one table of what a file system's error codes mean to the station. Every writer and mover in
// this folder reads it, so a FAT stick or a network share is treated the same everywhere.

export function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

/** link() answers so where the two names cannot share one file: file systems without hard links
 * (FAT/exFAT sticks, some network shares answer EPERM, ENOTSUP, EOPNOTSUPP or ENOSYS), a file
 * already at its link limit (EMLINK), or two different devices (EXDEV). The caller falls back to a
 * copy or a rename that still never overwrites. */
const NO_HARD_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

export const cannotHardLink = (e: unknown): boolean => NO_HARD_LINK.has(errnoCode(e) ?? '');

/** The name is taken: link(), an exclusive create or mkdir found something there. */
export const nameTaken = (e: unknown): boolean => errnoCode(e) === 'EEXIST';

/** Nothing at that path. */
export const notThere = (e: unknown): boolean => errnoCode(e) === 'ENOENT';
