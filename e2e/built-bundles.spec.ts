// The esbuild output runs on its own: the bundled CLI (same station code as dist/main.mjs) finds
// the shipped model and starts its worker threads from dist/, and a batch files real photos.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../src-main/station/synthetic/synthetic-photo.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'dist', 'cli.mjs');
const run = promisify(execFile);

describe.skipIf(!existsSync(cli))('built bundles (dist/)', () => {
  let root = '';
  afterAll(async () => root && rm(root, { recursive: true, force: true }));

  it('runs a batch from dist/cli.mjs with the worker bundles and the shipped model', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'rs-dist-'));
    await mkdir(path.join(root, 'incoming'));
    for (let i = 1; i <= 3; i++)
      await writeFile(
        path.join(root, 'incoming', `return_20251013_00${i}.jpg`),
        await syntheticPhoto({ width: 900, height: 700, seed: 900 + i }),
      );
    // A clean environment: no tsx loader, no model override.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const { stdout } = await run(process.execPath, [cli, 'batch', '--root', root], { cwd: tmpdir(), env });
    expect(stdout).toMatch(/complete: 3 photos · 3 filed · 0 failed/);
    const filed = readdirSync(path.join(root, 'processed'), { recursive: true }).filter((f) => String(f).endsWith('.jpg'));
    expect(filed).toHaveLength(3);
    expect(readdirSync(path.join(root, 'incoming'))).toEqual([]);
  });
});
