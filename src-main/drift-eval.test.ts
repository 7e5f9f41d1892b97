// `eval --drift`: its argument errors as a person meets them (a child process), and the shifts it
// makes from a photo's bytes move the photo the way they claim.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './station/test-support/run-cli.ts';
import { shifted, sendersOf } from './drift-eval.ts';
import { defaultModelDir, loadVerifiedModel } from './station/classify/model-manifest.ts';
import { preprocess } from './station/classify/preprocess.ts';
import { syntheticPhoto } from './station/synthetic/synthetic-photo.ts';

const cli = runCli;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rs-drift-eval-'));
  await mkdir(path.join(dir, 'data', 'shirt'), { recursive: true });
  await writeFile(path.join(dir, 'data', 'shirt', 'a.jpg'), await syntheticPhoto({ width: 120, height: 160, seed: 1 }));
  await writeFile(path.join(dir, 'map.json'), JSON.stringify({ shirt: ['Shirts'] }));
  await writeFile(path.join(dir, 'senders.csv'), 'image,split,kind,sender,kids\na,train,shirt,7,False\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('eval --drift arguments', () => {
  it('needs a label map and a senders file, and refuses bad numbers', async () => {
    const data = path.join(dir, 'data');
    const noMap = await cli(['eval', '--drift', '--data', data]);
    expect(noMap.code).toBe(2);
    expect(noMap.stderr).toContain('--drift needs --label-map');
    const noSenders = await cli(['eval', '--drift', '--data', data, '--label-map', path.join(dir, 'map.json')]);
    expect(noSenders.code).toBe(2);
    expect(noSenders.stderr).toContain('--drift needs --senders');
    const base = ['eval', '--drift', '--data', data, '--label-map', path.join(dir, 'map.json'), '--senders', path.join(dir, 'senders.csv')];
    const sizes = await cli([...base, '--night-sizes', '300,ten']);
    expect(sizes.code).toBe(2);
    expect(sizes.stderr).toContain('--night-sizes must be a whole number');
    const kind = await cli([...base, '--new-kind', 'shirt']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--new-kind shirt: the label map gives it a category');
  }, 60_000);
});

describe('the shifts', () => {
  it('darken, blur, tint and change the camera as they say', async () => {
    const spec = (await loadVerifiedModel(defaultModelDir())).manifest.input;
    const photo = await syntheticPhoto({ width: 400, height: 534, seed: 5 });
    const stats = async (b: Buffer) => (await preprocess(b, spec)).imageStats;
    const none = await stats(await shifted(photo, 'none'));
    expect((await stats(await shifted(photo, 'exposure'))).brightness).toBeLessThan(none.brightness * 0.85);
    expect((await stats(await shifted(photo, 'blur'))).sharpness).toBeLessThan(none.sharpness * 0.7);
    expect((await stats(await shifted(photo, 'cast'))).castRB).toBeGreaterThan(none.castRB + 0.05);
    const camera = await shifted(photo, 'camera');
    const meta = await sharp(camera).metadata();
    expect([meta.width, meta.height]).toEqual([959, 1280]);
  });

  it("reads each image's sender", () => {
    expect(sendersOf('image,split,kind,sender\nx,train,shirt,12\ny,val,hat,3\n')).toEqual(
      new Map([
        ['x', '12'],
        ['y', '3'],
      ]),
    );
  });
});
