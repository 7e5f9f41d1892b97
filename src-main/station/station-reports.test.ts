// Pick lists and history through the station's handlers, on a real batch: photos dropped in
// incoming/, classified, filed by the batch, then listed, printed to PDF (with the thumbnails the
// intake cached) and counted in the history.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../../src-shared/contract.ts';
import type { BatchRun } from '../../src-shared/domain.ts';
import { localDay } from '../../src-shared/local-time.ts';
import { eventually } from './test-support/eventually.ts';
import { syntheticPhoto } from './synthetic/synthetic-photo.ts';
import { createStation, type Station } from './station.ts';

let root: string;
let station: Station;
let run: BatchRun;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-reports-'));
  station = await createStation({ root, schedule: false, stableMs: 200 });
  await station.ready;
  let added = 0;
  station.events.on('item-added', () => added++);
  for (const n of [1, 2, 3])
    await writeFile(path.join(root, 'incoming', `return_20251013_00${n}.jpg`), await syntheticPhoto({ width: 800, height: 600, seed: n }));
  await writeFile(path.join(root, 'incoming', 'IMG_0001.jpg'), await syntheticPhoto({ width: 800, height: 600, seed: 9 }));
  await eventually(() => added === 4, 'the four photos to be added', 30_000);
  const finished = new Promise<BatchRun>((resolve) => station.events.on('batch-finished', resolve));
  await station.handlers.runBatchNow({});
  run = await finished;
});
afterAll(async () => {
  await station?.close();
  await rm(root, { recursive: true, force: true });
});

describe('pick lists and history through the station', () => {
  it('lists the batch with barcodes, and keeps a PDF with a thumbnail per photo', async () => {
    const list = await station.handlers.pickList(parseRequest('pickList', { batchRunId: run.id }));
    const lines = list.groups.flatMap((g) => g.lines);
    expect(list.totals.items).toBe(4);
    expect(
      lines
        .map((l) => l.returnId)
        .filter(Boolean)
        .sort(),
    ).toEqual(['RET-20251013-001', 'RET-20251013-002', 'RET-20251013-003']);
    expect(lines.filter((l) => l.barcodeSvg?.startsWith('<svg'))).toHaveLength(3);
    expect(lines.find((l) => l.returnId === null)).toMatchObject({ fileName: 'IMG_0001.jpg', barcodeSvg: null });

    const saved = await station.handlers.savePickListPdf(parseRequest('savePickListPdf', { batchRunId: run.id }));
    expect(saved.relPath).toMatch(/^picklists\/picklist_\d{8}_\d{6}\.pdf$/);
    expect(saved.pages).toBe(1);
    expect(
      readFileSync(saved.path)
        .toString('latin1')
        .match(/\/Subtype \/Image/g),
    ).toHaveLength(4);
  });

  it('counts the day in the history and exports it', async () => {
    const today = localDay(new Date());
    const report = await station.handlers.history(parseRequest('history', { from: today, to: today }));
    expect(report.days).toHaveLength(1);
    expect(report.days[0]).toMatchObject({ day: today, received: 4, classified: 4, filed: 4, failed: 0, successRate: 100 });
    expect(report.runs.map((r) => [r.id, r.total, r.successful])).toEqual([[run.id, 4, 4]]);
    const csv = await station.handlers.historyCsv(parseRequest('historyCsv', { from: today, to: today }));
    expect(csv.fileName).toBe(`history_${today.replace(/-/g, '')}_${today.replace(/-/g, '')}.csv`);
    expect(csv.csv.split('\r\n')[1]).toMatch(new RegExp(`^${today},4,4,4,0,100,`));
  });
});
