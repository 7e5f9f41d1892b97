// The built app under Playwright's Electron driver: the window opens on our protocol, hardened,
// and the renderer reaches the station through the preload. The Electron binary cannot be
// downloaded in every workplace (ELECTRON_SKIP_BINARY_DOWNLOAD=1); there this spec is skipped and
// says so, and the shell is covered by the mocked-electron unit tests in src-main/shell/.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron } from 'playwright';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainBundle = path.join(repo, 'dist', 'main.mjs');

/** The installed Electron binary, found the way the electron package finds it, but without its
 * require(), which tries to download a missing binary (slow or hanging offline). */
function electronBinary(): string | null {
  const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const rel = readFileSync(pathTxt, 'utf8').trim();
  const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist'), rel);
  return existsSync(bin) ? bin : null;
}

const bin = electronBinary();
const skipReason = !bin
  ? 'Electron binary absent (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or no network): e2e/electron.spec.ts skipped; reinstall (`rm -rf node_modules && npm ci`) without that flag where downloads work.'
  : !existsSync(mainBundle)
    ? 'dist/main.mjs missing (run `node scripts/build.mjs`): e2e/electron.spec.ts skipped.'
    : null;
if (skipReason) console.warn(skipReason);

describe.skipIf(!!skipReason)('the Electron app', () => {
  it('opens a hardened window on station://app that talks to the core through the preload', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'rs-electron-'));
    const app = await electron.launch({
      executablePath: bin!,
      args: [mainBundle, '--no-sandbox', `--user-data-dir=${path.join(home, 'user-data')}`],
      env: { ...process.env, HOME: home, XDG_DOCUMENTS_DIR: path.join(home, 'Documents') },
    });
    try {
      const win = await app.firstWindow();
      await win.locator('.sidebar').waitFor();
      expect(win.url()).toMatch(/^station:\/\/app\//);
      // No Node in the page (sandbox, no nodeIntegration) and the bridge is a context-isolated copy.
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      const status = await win.evaluate(() =>
        (
          window as unknown as { returnsStation: { invoke(n: string, a: unknown): Promise<{ model: { labels: string[] } }> } }
        ).returnsStation.invoke('getStatus', {}),
      );
      expect(status.model.labels).toHaveLength(10);
    } finally {
      await app.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
