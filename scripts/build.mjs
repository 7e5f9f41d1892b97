#!/usr/bin/env node
// Builds everything the app and browser mode run from, into dist/:
//   dist/renderer/   index.html + app.js + app.css (the React screens; served by station:// and browser mode)
//   dist/main.mjs    the Electron main process (shell + station core)
//   dist/cli.mjs     the headless commands (batch, web, eval, bench) without tsx
//   dist/preload.cjs the preload (CommonJS: a sandboxed preload cannot be an ES module)
//   dist/classifier-worker.mjs, dist/batch-worker.mjs,
//   dist/desk-fit-worker.mjs                            the station's worker threads
// Native and data-carrying packages (better-sqlite3, sharp, onnxruntime-node, pdfkit …) stay in
// node_modules: electron-builder ships them, unpacked from the asar where they must be.
// Usage: node scripts/build.mjs [--renderer-only] [--watch]
import { build, context } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const rendererOnly = process.argv.includes('--renderer-only');
const watch = process.argv.includes('--watch');

// Worker threads are started with `new URL('./x-worker.ts', import.meta.url)` in the sources; in the
// bundle they sit beside main.mjs as .mjs files, so the URL is rewritten to match.
const workers = {
  'classifier-worker': 'src-main/station/classify/classifier-worker.ts',
  'batch-worker': 'src-main/station/batch/batch-worker.ts',
  'desk-fit-worker': 'src-main/station/desk/desk-fit-worker.ts',
};
const workerUrls = {
  name: 'worker-urls',
  setup(b) {
    b.onLoad({ filter: /src-main[\\/]station[\\/].*\.ts$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      let text = await readFile(args.path, 'utf8');
      for (const name of Object.keys(workers)) {
        text = text.replaceAll(`new URL('./${name}.ts', import.meta.url)`, `new URL('./${name}.mjs', import.meta.url)`);
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [workerUrls],
  // ESM output has no require(); some bundled CommonJS helpers expect one.
  banner: { js: "import { createRequire as __rsRequire } from 'node:module'; const require = __rsRequire(import.meta.url);" },
};

const targets = [
  {
    entryPoints: { app: 'src-renderer/main.tsx' },
    outdir: path.join(dist, 'renderer'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    jsx: 'automatic',
    minify: !watch,
    sourcemap: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
  },
];
if (!rendererOnly) {
  targets.push(
    {
      ...node,
      entryPoints: { main: 'src-main/main.ts', cli: 'src-main/cli.ts', ...workers },
      outdir: dist,
      format: 'esm',
      outExtension: { '.js': '.mjs' },
    },
    {
      ...node,
      banner: undefined,
      minify: true,
      entryPoints: { preload: 'src-main/shell/preload.ts' },
      outdir: dist,
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      packages: undefined,
      external: ['electron'],
    },
  );
}

const started = Date.now();
await rm(path.join(dist, 'renderer'), { recursive: true, force: true });
await mkdir(path.join(dist, 'renderer'), { recursive: true });
await copyFile(path.join(root, 'src-renderer', 'index.html'), path.join(dist, 'renderer', 'index.html'));
await copyFile(path.join(root, 'assets', 'icon.svg'), path.join(dist, 'renderer', 'icon.svg'));
if (!rendererOnly) {
  for (const f of ['icon.png', 'tray-idle.png', 'tray-running.png', 'tray-failed.png'])
    await copyFile(path.join(root, 'assets', f), path.join(dist, f));
}

if (watch) {
  for (const t of targets) await (await context({ ...t, absWorkingDir: root })).watch();
  console.log('Watching for changes…');
} else {
  await Promise.all(targets.map((t) => build({ ...t, absWorkingDir: root })));
  console.log(`Built dist/ in ${Date.now() - started} ms`);
}
