// Serving the built renderer from a folder, for the app's station:// protocol and for browser mode:
// a path inside the folder (after resolving symlinks) or nothing.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveInside } from './fs/inside-folder.ts';

export const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The file for URL path `urlPath` ("/" → index.html) inside `baseDir`, or null. */
export async function resolveStaticFile(baseDir: string, urlPath: string): Promise<{ file: string; contentType: string } | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath).replace(/^\/+/, '') || 'index.html';
  } catch {
    return null;
  }
  const found = await resolveInside(baseDir, rel).catch(() => null);
  if (found?.where !== 'inside' || !(await stat(found.real)).isFile()) return null;
  return { file: found.real, contentType: STATIC_TYPES[path.extname(found.real)] ?? 'application/octet-stream' };
}
