// Small inline thumbnails for the HTML report, so the file stands alone (no links to photos that
// may move). A photo that cannot be read gives null: the report shows a placeholder and is still
// written — one bad photo must never cost the desk its morning report.
import { readFile } from 'node:fs/promises';
import { MAX_INPUT_PIXELS } from '../classify/image-limits.ts';
import { resolveInside } from '../fs/inside-folder.ts';

/** The real path of a station-relative photo path, or null when it is missing or leads out of the
 * root (`..`, a symlink pointing out): the report must not embed arbitrary files from the machine. */
async function photoInsideRoot(root: string, rel: string): Promise<string | null> {
  if (!rel) return null;
  const found = await resolveInside(root, rel).catch(() => null);
  return found?.where === 'inside' ? found.real : null;
}

/** A data: URI of a JPEG at most `size` pixels on its longer side, or null. */
export async function thumbnailDataUri(stationRoot: string, relPath: string, size = 96): Promise<string | null> {
  const file = await photoInsideRoot(stationRoot, relPath);
  if (!file) return null;
  // The station's own cached thumbnails (thumbnails/xx/<sha>.jpg) are already small, upright JPEGs
  // made from the classification's decode: embedded as they are (the report's CSS sizes them, and
  // they stay sharp on high-DPI screens). Re-encoding each cost ~3.5 ms of CPU at the end of a batch.
  if (relPath.startsWith('thumbnails/')) {
    const bytes = await readFile(file).catch(() => null);
    if (bytes && bytes.length <= 64 * 1024 && bytes[0] === 0xff && bytes[1] === 0xd8)
      return `data:image/jpeg;base64,${bytes.toString('base64')}`;
  }
  try {
    // Loaded here, not at the top: the batch worker imports this module for every run, but needs
    // libvips only for a photo without a cached thumbnail (loading it costs ~40 ms of start-up).
    const { default: sharp } = await import('sharp');
    const jpeg = await sharp(file, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS, pages: 1 })
      .rotate() // honour EXIF orientation, as the reviewer sees it
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 70 })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch {
    return null;
  }
}
