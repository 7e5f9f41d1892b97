import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileExistsError } from '../fs/atomic-write.ts';
import { row, sampleInput, sampleRows } from './report-test-fixtures.ts';
import { writeBatchOutputs } from './write-batch-outputs.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-out-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeBatchOutputs', () => {
  it('writes the three files under results/ and returns their relative paths', async () => {
    const out = await writeBatchOutputs(root, sampleInput());
    expect(out).toEqual({
      csv: 'results/batch_results_20251013_020000.csv',
      summary: 'results/summary_20251013_020000.json',
      report: 'results/batch_report_20251013_020000.html',
    });
    expect((await readFile(path.join(root, out.csv), 'utf8')).split('\r\n')[0]).toBe(
      'filename,category,confidence,status,timestamp,return_id,band,error',
    );
    expect(JSON.parse(await readFile(path.join(root, out.summary), 'utf8')).total_processed).toBe(6);
    expect(await readFile(path.join(root, out.report), 'utf8')).toContain('Executive summary');
    expect((await readdir(path.join(root, 'results'))).sort()).toEqual([
      'batch_report_20251013_020000.html',
      'batch_results_20251013_020000.csv',
      'summary_20251013_020000.json',
    ]); // no temp files left behind
  });

  it('accepts rewriting identical content, refuses different content and changes nothing', async () => {
    const outcomes: string[] = [];
    await writeBatchOutputs(root, sampleInput());
    await writeBatchOutputs(root, sampleInput(), { onWritten: (_, o) => outcomes.push(o) });
    expect(outcomes).toEqual(['unchanged', 'unchanged', 'unchanged']);

    const before = await readFile(path.join(root, 'results/batch_results_20251013_020000.csv'), 'utf8');
    const other = sampleInput({ rows: [...sampleRows(), row({ fileName: 'late.jpg' })] });
    await expect(writeBatchOutputs(root, other)).rejects.toBeInstanceOf(FileExistsError);
    expect(await readFile(path.join(root, 'results/batch_results_20251013_020000.csv'), 'utf8')).toBe(before);
    expect(await readdir(path.join(root, 'results'))).toHaveLength(3);
  });

  it('refuses before writing anything when only one of the three clashes', async () => {
    const results = path.join(root, 'results');
    await writeBatchOutputs(root, sampleInput({ stamp: '20251012_020000' })); // another run: untouched
    await writeFile(path.join(results, 'summary_20251013_020000.json'), '{"mine": true}\n');
    await expect(writeBatchOutputs(root, sampleInput())).rejects.toThrow(/summary_20251013_020000\.json/);
    expect((await readdir(results)).filter((f) => f.includes('20251013'))).toEqual(['summary_20251013_020000.json']);
  });

  it('lets a resumed run replace its own earlier output with replace: true', async () => {
    await writeBatchOutputs(root, sampleInput({ rows: sampleRows().slice(0, 2) }));
    const outcomes: string[] = [];
    await writeBatchOutputs(root, sampleInput(), { replace: true, onWritten: (_, o) => outcomes.push(o) });
    expect(outcomes).toEqual(['replaced', 'replaced', 'replaced']);
    const summary = JSON.parse(await readFile(path.join(root, 'results/summary_20251013_020000.json'), 'utf8'));
    expect(summary.total_processed).toBe(6);
    expect(await readdir(path.join(root, 'results'))).toHaveLength(3);
  });

  it('rejects a malformed stamp before touching the disk', async () => {
    await expect(writeBatchOutputs(root, sampleInput({ stamp: '../x' }))).rejects.toThrow(/Not a batch stamp/);
    expect(await readdir(root)).toEqual([]);
  });
});
