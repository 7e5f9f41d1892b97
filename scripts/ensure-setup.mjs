#!/usr/bin/env node
// Runs before `npm test` and `npm start` so that those two commands work on a fresh clone:
// installs the npm dependencies when they are missing or older than package-lock.json.
// Plain Node, no dependencies: it runs before there are any.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Returns Station needs Node.js 20.19 or newer; this is ${process.version}.`);
  process.exit(1);
}

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('Installing dependencies (first run, or package-lock.json changed)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      // The Electron binary is not needed for tests or browser mode, and cannot be downloaded offline.
      ELECTRON_SKIP_BINARY_DOWNLOAD: process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '1',
      // ONNX Runtime's postinstall would fetch CUDA files; npm 11 skips it through package.json's
      // allowScripts, older npm through this variable (the way the package documents it).
      ONNXRUNTIME_NODE_INSTALL: process.env.ONNXRUNTIME_NODE_INSTALL ?? 'skip',
    },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
