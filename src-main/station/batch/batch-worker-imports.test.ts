// The batch worker is a fresh thread every night (and every "Run now"): whatever it imports is paid
// for at the start of each run. zod alone cost about 80 ms of it on the desk's 2-core machine, so
// the worker reads the band thresholds through the database's own check and must not pull the
// contract's schemas (or zod) back in by an innocent-looking import.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function moduleGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const r = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
    outdir: path.join(root, 'dist-graph-probe'),
  });
  const out = Object.values(r.metafile.outputs).find((o) => o.entryPoint)!;
  return {
    files: Object.keys(r.metafile.inputs),
    packages: out.imports.filter((i) => i.external).map((i) => i.path),
  };
}

describe('batch worker imports', () => {
  it('loads neither zod nor the contract schemas', async () => {
    const g = await moduleGraph('src-main/station/batch/batch-worker.ts');
    expect(g.files).toContain('src-main/station/batch/run-batch.ts'); // the probe sees the real graph
    expect(g.packages).toContain('better-sqlite3');
    expect(g.packages.filter((p) => p === 'zod' || p.startsWith('zod/'))).toEqual([]);
    expect(g.files).not.toContain('src-shared/contract.ts');
  });

  it('the probe does see zod where it is used (the station core)', async () => {
    const g = await moduleGraph('src-main/station/station.ts');
    expect(g.packages).toContain('zod');
    expect(g.files).toContain('src-shared/contract.ts');
  });
});
