// Electron main entry (bundled to dist/main.mjs by scripts/build.mjs). Everything it does lives in
// shell/run-app.ts, which takes the electron module as an argument so tests can hand it a mock.
import * as electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appPaths, runApp } from './shell/run-app.ts';

const appDir = path.dirname(fileURLToPath(import.meta.url));
runApp(electron, appPaths(appDir, process.resourcesPath, electron.app.isPackaged));
