// Desk learning through the station's own requests, with the shipped model and photos it has never
// seen: 40 photos of two kinds reviewed (one kind a category the desk adds), Retrain now, and the
// next photo of the new kind comes out as that category; back to the base model in one request.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_CATEGORY, type DeskLearningState } from '../../src-shared/desk-learning.ts';
import type { BatchRun, Item } from '../../src-shared/domain.ts';
import { createStation, type Station } from './station.ts';
import { kindPhoto, type PhotoKindName } from './test-support/kind-photo.ts';

let root: string;
let station: Station;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-desk-'));
  station = await createStation({ root, schedule: false, watch: false });
  await station.ready;
});
afterAll(async () => {
  await station.close();
  await rm(root, { recursive: true, force: true });
});

let seed = 0;
/** A photo classified while the base model alone was in use, before the head was put back. */
let classifiedBeforeSwitch: Item;
let headBack: number;
const photo = async (kind: PhotoKindName): Promise<Item> =>
  station.handlers.savePhoto({ returnId: null, bytes: new Uint8Array(await kindPhoto(kind, ++seed)), ext: 'jpg', allowReuse: false });
const decide = (item: Item, category: string) =>
  station.handlers.decide({
    itemId: item.id,
    action: item.prediction?.category === category ? 'accept' : 'override',
    category,
    clerk: 'Ana',
    durationMs: 800,
  });
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('desk learning in the station', () => {
  it('checks a new category name and adds it where the categories are listed', async () => {
    for (const bad of ['', '   ', 'Trousers/Jeans', 'tshirts', 'Other', 'x'.repeat(41)]) {
      await expect(station.handlers.addCategory({ name: bad, clerk: 'Ana' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    const changed = new Promise<{ categories: string[] }>((r) => station.events.on('categories-changed', r));
    const added = await station.handlers.addCategory({ name: '  Trousers  ', clerk: 'Ana' });
    expect(added.name).toBe('Trousers');
    expect((await changed).categories.at(-1)).toBe('Trousers');
    expect((await station.handlers.getStatus({})).categories).toEqual([...(await station.handlers.getStatus({})).model.labels, 'Trousers']);
    await expect(station.handlers.addCategory({ name: 'trousers', clerk: 'Ana' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('says why it cannot fit a head before there are enough decisions', async () => {
    const r = await station.handlers.retrainDeskHead({});
    expect(r.head).toBeNull();
    expect(r.state.lastProblem).toMatch(/at least 25 review decisions/);
    expect(r.state.inUse).toBeNull();
  });

  it('learns the new category from 40 decisions and predicts it for the next photo; back to the base model in one click', async () => {
    for (let i = 0; i < 40; i++) {
      const kind: PhotoKindName = i % 2 ? 'bag' : 'legs';
      const item = await photo(kind);
      expect(item.prediction?.headId ?? null).toBeNull();
      await decide(item, kind === 'legs' ? 'Trousers' : 'Handbags');
    }
    const state = await station.handlers.deskLearning({});
    expect(state.examples).toBe(40);
    expect(state.examplesByCategory).toEqual({ Trousers: 20, Handbags: 20 });

    const { head, state: after } = await station.handlers.retrainDeskHead({});
    expect(head).toMatchObject({ accepted: true, trigger: 'manual', examples: 32, checkExamples: 8 });
    expect(head!.classes).toContain('Trousers');
    expect(after.inUse).toBe(head!.id);
    expect(after.heads.map((h) => h.id)).toEqual([head!.id]);

    const next = await photo('legs');
    expect(next.prediction).toMatchObject({ category: 'Trousers', headId: head!.id });

    expect((await station.handlers.useDeskHead({ headId: null })).inUse).toBeNull();
    const plain = await photo('legs');
    expect(plain.prediction?.headId).toBeNull();
    expect(plain.prediction?.category).not.toBe('Trousers');
    classifiedBeforeSwitch = plain;
    expect((await station.handlers.useDeskHead({ headId: head!.id })).inUse).toBe(head!.id);
    headBack = head!.id;
    await expect(station.handlers.useDeskHead({ headId: 9999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('files "none of these" into processed/Other/ and a new category into its own folder', async () => {
    const other = await photo('bag');
    await station.handlers.decide({ itemId: other.id, action: 'override', category: OTHER_CATEGORY, clerk: 'Ana', durationMs: 500 });
    const finished = new Promise<BatchRun>((r) => station.events.on('batch-finished', r));
    const learnt = new Promise<DeskLearningState>((r) => station.events.on('desk-learning', r));
    await station.handlers.runBatchNow({});
    const run = await finished;
    // After the night's outputs: the batch worker fits a head on the decisions (one more since the
    // last head, the Other one), and the station announces it.
    const state = await learnt;
    expect(state.heads[0]).toMatchObject({ trigger: 'nightly', examples: 32, checkExamples: 9 });
    expect(state.heads[0]!.createdAt >= run.finishedAt!).toBe(true);
    const filed = await station.handlers.getItem({ id: other.id });
    expect(filed.relPath).toBe(`processed/${OTHER_CATEGORY}/${filed.fileName}`);
    expect(await exists(path.join(root, filed.relPath))).toBe(true);
    const legs = (await station.handlers.listItems({ limit: 200, offset: 0 })).find(
      (i) => i.category === 'Trousers' && i.location === 'processed',
    );
    expect(legs?.relPath).toMatch(/^processed\/Trousers\//);
    // Classified by the base model alone and never decided: the night answers it with the head in use.
    const reanswered = await station.handlers.getItem({ id: classifiedBeforeSwitch.id });
    expect(reanswered.prediction).toMatchObject({ category: 'Trousers', headId: headBack });
    expect(reanswered.relPath).toBe(`processed/Trousers/${reanswered.fileName}`);
    await expect(
      station.handlers.decide({ itemId: other.id, action: 'override', category: 'Jeans', clerk: 'Ana', durationMs: 500 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("adds a category that starts from the model's kind, with its namesakes, and refuses a kind that is taken or has a category", async () => {
    // The shipped model names trousers twice: the catalogue's article type and photos' "pants".
    const added = await station.handlers.addCategory({ name: 'Long trousers', clerk: 'Ana', kind: 'real:pants' });
    expect(added.kinds.sort()).toEqual(['Trousers', 'real:pants']);
    await expect(station.handlers.addCategory({ name: 'Slacks', clerk: 'Ana', kind: 'Trousers' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/another desk category has it/),
    });
    await expect(station.handlers.addCategory({ name: 'Tees', clerk: 'Ana', kind: 'real:t-shirt' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(station.handlers.addCategory({ name: 'Capes', clerk: 'Ana', kind: 'Capes' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The model knows no kind "Capes".',
    });
    // A refused kind adds no category either.
    const { categories } = await station.handlers.getStatus({});
    expect(categories).toContain('Long trousers');
    expect(categories).not.toContain('Slacks');
    expect(categories).not.toContain('Tees');
  });
});
