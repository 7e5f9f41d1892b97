// A new or removed name is durable only once its folder is synced: without it, a power cut after a
// move the database already records could bring the photo back under its old name.
import { open } from 'node:fs/promises';

/** fsyncs the folder `dir`. Windows cannot open a folder; there the rename or link itself is
 * durable enough, so a failure is ignored. */
export async function syncFolder(dir: string): Promise<void> {
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* not supported here */
  }
}
