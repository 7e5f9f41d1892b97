// `npm run eval` end to end, as a person runs it: a child process over a folder on disk.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';

const cli = runCli;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rs-eval-'));
  for (const [folder, n] of [
    ['Watches', 3],
    ['Sunglasses', 2],
    ['Lamps', 2],
  ] as const) {
    await mkdir(path.join(dir, folder));
    for (let i = 0; i < n; i++) {
      await writeFile(path.join(dir, folder, `${i}.jpg`), await syntheticPhoto({ width: 120, height: 160, seed: i + n }));
    }
  }
  await writeFile(path.join(dir, 'Watches', 'broken.jpg'), 'not an image');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run eval', () => {
  it('prints the report and, with --json, one JSON object as the last line', async () => {
    const { code, stdout } = await cli(['eval', '--data', dir, '--json']);
    expect(code).toBe(0);
    expect(stdout).toContain('Accuracy');
    expect(stdout).toContain('Confusion');
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    for (const key of [
      'count',
      'accuracy',
      'macroF1',
      'ece',
      'highBand',
      'lowBandShare',
      'outOfSet',
      'perClass',
      'confusion',
      'imagesPerSecond',
    ]) {
      expect(last).toHaveProperty(key);
    }
    expect(last.count).toBe(7);
    expect(last.outOfSet.count).toBe(2);
    expect(last.unreadable.count).toBe(1);
    expect(last.unreadable.files[0].file).toBe(path.join('Watches', 'broken.jpg'));
    expect(last.confusion).toHaveLength(10);
    expect(last.perClass.Watches.support).toBe(3);
  });

  it('exits 2 with a clear message on bad arguments', async () => {
    const missing = await cli(['eval', '--data', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such folder');
    const none = await cli(['eval']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--data DIR is required');
  });

  it('exits 1 naming the file when the model is missing', async () => {
    const { code, stderr } = await cli(['eval', '--data', dir, '--model', path.join(dir, 'Lamps')]);
    expect(code).toBe(1);
    expect(stderr).toContain(path.join(dir, 'Lamps', 'model.json'));
  });

  it('with --label-map, folders are kinds and the JSON adds wrong auto-approvals and perKind', async () => {
    const map = path.join(dir, 'map.json');
    await writeFile(map, JSON.stringify({ Watches: ['Watches'], Sunglasses: ['Sunglasses', 'Watches'], Lamps: [] }));
    const { code, stdout } = await cli(['eval', '--data', dir, '--label-map', map, '--json']);
    expect(code).toBe(0);
    expect(stdout).toContain('wrong auto-approved');
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    for (const key of ['wrongAutoApproved', 'autoApprovedCoverage', 'outOfSet', 'perKind']) expect(last).toHaveProperty(key);
    expect(last.outOfSet.count).toBe(2);
    expect(Object.keys(last.perKind).sort()).toEqual(['Lamps', 'Sunglasses', 'Watches']);
    expect(last.perKind.Watches.count).toBe(3);
    expect(last.perKind.Lamps.right).toBe(0);
  });

  it('with --label-map, a folder missing from the map or an unknown category exits 2 naming it', async () => {
    const map = path.join(dir, 'partial-map.json');
    await writeFile(map, JSON.stringify({ Watches: ['Watches'], Sunglasses: ['Sunglasses'] }));
    const missing = await cli(['eval', '--data', dir, '--label-map', map]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Lamps');
    await writeFile(map, JSON.stringify({ Watches: ['Wristwatches'], Sunglasses: [], Lamps: [] }));
    const unknown = await cli(['eval', '--data', dir, '--label-map', map]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Wristwatches');
  });

  it('with --senders and --folds, scores only the photos of those senders, and refuses overlaps', async () => {
    // Files are named 0.jpg, 1.jpg… in each folder: sender "s0" took every 0, "s1" every 1, "s2" every 2.
    const senders = path.join(dir, 'senders.csv');
    const rows = ['image,split,kind,sender,kids', 'broken,train,Watches,s0,False'];
    for (const i of [0, 1, 2]) rows.push(`${i},train,x,s${i},False`);
    await writeFile(senders, rows.join('\n'));
    // s0 (the most photos: 0 and broken) opens fold 0; s1 and s2 take the next empty folds.
    const { code, stdout } = await cli(['eval', '--data', dir, '--senders', senders, '--folds', '0', '--json']);
    expect(code).toBe(0);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    // Of the fold-0 sender: Watches/0.jpg, Sunglasses/0.jpg, Lamps/0.jpg and the broken file.
    expect(last.count + last.unreadable.count).toBe(4);
    const overlap = await cli(
      ['eval', '--data', dir, '--adapt-from', dir, '--label-map', path.join(dir, 'map.json')].concat([
        '--senders',
        senders,
        '--folds',
        '0-1',
        '--adapt-folds',
        '1',
      ]),
    );
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toContain('share a fold');
    const noSenders = await cli(['eval', '--data', dir, '--folds', '1']);
    expect(noSenders.code).toBe(2);
    expect(noSenders.stderr).toContain('--folds and --adapt-folds need --senders FILE');
  });
});
