#!/usr/bin/env node
// `npm start`: installs what is missing, builds dist/, and starts Returns Station.
//  - With the Electron binary installed: the desktop app (window, tray, nightly batch).
//  - Without it (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, e.g. offline machines): the same
//    core and screens in browser mode on 127.0.0.1, on the same station folder; open the printed URL.
// Options after `--` go to browser mode: npm start -- --root DIR --port N
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, [path.join(repo, 'scripts', 'ensure-setup.mjs')]);
run(process.execPath, [path.join(repo, 'scripts', 'build.mjs')]);

function electronBinary() {
  const pkgDir = path.join(repo, 'node_modules', 'electron');
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = path.join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const extra = process.argv.slice(2);
const bin = extra.includes('--browser') ? null : electronBinary();
const forward = (child) => {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (bin) {
  forward(spawn(bin, [path.join(repo, 'dist', 'main.mjs')], { cwd: repo, stdio: 'inherit' }));
} else {
  // Without --root, the CLI opens the app's default station folder (defaultStationRoot).
  const args = extra.filter((a) => a !== '--browser');
  if (!extra.includes('--browser'))
    console.log('No Electron binary here: starting browser mode. Open the URL below in Chromium or Chrome.');
  const tsx = path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  forward(spawn(process.execPath, [tsx, path.join(repo, 'src-main', 'cli.ts'), 'web', ...args], { cwd: repo, stdio: 'inherit' }));
}
