// The app's two URL schemes. station://app/… serves the built renderer (so the page has a real
// origin for CSP and sender checks, never file://); station-photo://item/<id> serves a photo by
// item id through the station core's lookup (never a path the renderer chose).
import { readFile } from 'node:fs/promises';
import { HTTP_STATUS, StationRequestError } from '../../src-shared/contract.ts';
import { photoFile, type PhotoVariant } from '../station/photo-access.ts';
import type { StationDb } from '../station/db/station-db.ts';
import { resolveStaticFile } from '../station/static-files.ts';

export const APP_SCHEME = 'station';
export const PHOTO_SCHEME = 'station-photo';

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const PRIVILEGED_SCHEMES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: PHOTO_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
];

/** station://app/<path> → a file of the renderer build, or 404. */
export async function serveAppFile(rendererDir: string, url: string): Promise<Response> {
  const u = new URL(url);
  const found = u.host === 'app' ? await resolveStaticFile(rendererDir, u.pathname) : null;
  if (!found) return new Response('Not found', { status: 404 });
  return new Response(await readFile(found.file), { headers: { 'Content-Type': found.contentType } });
}

/** station-photo://item/<id>[?variant=thumb] → the photo's bytes. The raw URL is checked, not a
 * normalised one: "item/../x" must be refused, not resolved. */
export async function servePhoto(root: string, db: StationDb, rawUrl: string): Promise<Response> {
  const m = /^station-photo:\/\/item\/([^?#]*)(\?variant=(thumb|full))?$/.exec(rawUrl);
  if (!m) return new Response('Photos are asked for as station-photo://item/<id>', { status: 400 });
  try {
    const { file, contentType } = await photoFile(root, db, decodeURIComponent(m[1]!), (m[3] ?? 'full') as PhotoVariant);
    return new Response(await readFile(file), { headers: { 'Content-Type': contentType, 'X-Content-Type-Options': 'nosniff' } });
  } catch (e) {
    if (e instanceof StationRequestError) return new Response(e.message, { status: HTTP_STATUS[e.code] });
    return new Response('Photo unavailable', { status: 500 });
  }
}
