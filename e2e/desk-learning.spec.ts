// The station learns from its morning review, in browser mode against a real core and the shipped
// model: a clerk reviews 20 photos of bags by keyboard, then 20 of a kind in a category the desk adds
// there (N, then the type-to-filter list), presses Retrain now in Settings, and the next photo of the new
// kind comes out as that category; History charts the head; Settings shows it and goes back to the
// base model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../src-shared/domain.ts';
import { kindPhoto, type PhotoKindName } from '../src-main/station/test-support/kind-photo.ts';
import { browserSkipReason, startBrowserStation, waitUntil, type BrowserStation } from './fixtures/browser-station.ts';

const COUNT = 40;
/** The whole suite runs at once in CI: a screen may take seconds to catch up. */
const SLOW = { timeout: 20_000 };
const NEW_CATEGORY = 'Trousers';

describe.skipIf(!!browserSkipReason)('desk learning (browser mode, Chromium)', () => {
  let bs: BrowserStation;
  const kindOf = new Map<number, PhotoKindName>();
  let seed = 0;
  const save = async (kind: PhotoKindName): Promise<Item> =>
    bs.station.handlers.savePhoto({ returnId: null, bytes: new Uint8Array(await kindPhoto(kind, ++seed)), ext: 'jpg', allowReuse: false });

  /** Saves `count` photos of one kind and waits until Review's low band holds them all. */
  const saveForReview = async (kind: PhotoKindName, count: number) => {
    for (let i = 0; i < count; i++) kindOf.set((await save(kind)).id, kind);
    await waitUntil(async () => (await bs.station.handlers.reviewQueue({ band: 'low' })).length === count, `${count} photos to review`);
  };

  beforeAll(async () => {
    bs = await startBrowserStation({ watch: false });
    // Everything the base model is unsure of goes to the review queue: the shipped model has never
    // seen these made-up photos, and the low band is where the queue starts.
    await bs.station.handlers.updateSettings({ thresholds: { high: 0.85, low: 0.84 } });
    await saveForReview('bag', COUNT / 2);
    await bs.open('review');
  }, 120_000);
  afterAll(async () => bs?.close());

  const currentId = async () => Number(await bs.page.getByTestId('review-item').getAttribute('data-item-id'));
  /** Decides the photo on screen with `decide` and waits for the next one (or the end of the queue). */
  const decideEach = async (count: number, decide: (kind: PhotoKindName | undefined) => Promise<void>) => {
    const { page } = bs;
    for (let n = 0; n < count; n++) {
      await page.getByTestId('review-item').waitFor();
      const id = await currentId();
      await decide(kindOf.get(id));
      await expect
        .poll(async () => (await page.getByTestId('review-item').count()) === 0 || (await currentId()) !== id, { timeout: 10_000 })
        .toBe(true);
    }
    await page.getByTestId('review-done').waitFor();
  };

  // One story in steps: each needs the one before (a step that fails leaves the next to fail too).
  it('reviews a morning of bags by keyboard', async () => {
    const { page, station } = bs;
    await page.getByTestId('clerk-name').waitFor();
    await page.keyboard.type('Asha');
    await page.keyboard.press('Enter');
    const labels = (await station.handlers.getStatus({})).model.labels;
    const handbagsKey = String((labels.indexOf('Handbags') + 1) % 10);
    await decideEach(COUNT / 2, async (kind) => {
      expect(kind).toBe('bag');
      await page.keyboard.press(handbagsKey);
    });
  }, 120_000);

  // The legs come after the bags: the newest fifth of the decisions, the head's check, holds the new
  // category, which only a head can name (the base model knows the bags already).
  it('reviews the next photos as a category added there (N, then the type-to-filter list)', async () => {
    const { page, station } = bs;
    await saveForReview('legs', COUNT / 2);
    let addedCategory = false;
    await decideEach(COUNT / 2, async (kind) => {
      expect(kind).toBe('legs');
      if (!addedCategory) {
        await page.keyboard.press('n');
        const dialog = page.getByTestId('new-category-dialog');
        await dialog.waitFor();
        await page.keyboard.type('shirts');
        await expect.poll(() => page.getByTestId('new-category-problem').textContent(), SLOW).toMatch(/exists already/);
        await page.getByLabel('New category name').fill(NEW_CATEGORY);
        await expect.poll(() => page.getByTestId('new-category-problem').textContent(), SLOW).toMatch(/^Letters, digits/);
        await bs.screenshots('review-new-category');
        await page.keyboard.press('Enter');
        await dialog.waitFor({ state: 'detached' });
        addedCategory = true;
      } else {
        // The eleventh category is past the number keys: the type-to-filter list.
        await page.keyboard.press('/');
        await page.getByTestId('category-picker').waitFor();
        await page.keyboard.type('trou');
        await page.keyboard.press('Enter');
      }
    });

    expect(kindOf.size).toBe(COUNT);
    for (const [id, kind] of kindOf) {
      const item = await station.handlers.getItem({ id });
      expect(item.category).toBe(kind === 'legs' ? NEW_CATEGORY : 'Handbags');
      expect(item.lastDecision?.clerk).toBe('Asha');
    }
    expect((await station.handlers.getStatus({})).categories.at(-1)).toBe(NEW_CATEGORY);
  }, 120_000);

  let headId: number;
  it('Retrain now in Settings fits a head and puts it in use', async () => {
    const { page, station } = bs;
    await bs.open('settings');
    const section = page.getByTestId('desk-learning');
    await section.waitFor();
    await expect.poll(() => page.getByTestId('desk-head-in-use').textContent(), SLOW).toMatch(/Base model/i);
    await page.getByTestId('desk-retrain').click();
    await expect.poll(() => page.getByTestId('desk-retrain-result').textContent(), { timeout: 60_000 }).toMatch(/^Used/);
    const state = await station.handlers.deskLearning({});
    expect(state.inUse).not.toBeNull();
    expect(state.heads[0]).toMatchObject({ id: state.inUse, accepted: true, examples: 32, checkExamples: 8 });
    await expect.poll(() => page.getByTestId('desk-head-in-use').textContent(), SLOW).toContain(`#${state.inUse}`);
    await bs.screenshots('settings-desk-head', { at: 'settings-desk-learning' });
    headId = state.inUse!;
  }, 90_000);

  it('History charts the head beside the base model on the same check decisions', async () => {
    const { page } = bs;
    await bs.open('history');
    const table = page.getByTestId('table-desk-heads');
    await table.waitFor({ state: 'attached' }); // the numbers sit under the chart, folded
    await expect.poll(() => table.locator('tbody tr').count(), SLOW).toBe(1);
    expect(await page.getByTestId('chart-desk-heads').locator('svg').count()).toBeGreaterThan(0);
  });

  it('predicts the new category for a new photo of that kind, through the head', async () => {
    const next = await save('legs');
    expect(next.prediction).toMatchObject({ category: NEW_CATEGORY, headId });
  });

  it('goes back to the base model in one click, and forward to the head from its row', async () => {
    const { page, station } = bs;
    await bs.open('settings');
    await page.getByTestId('desk-learning').waitFor();
    await page.getByTestId('desk-use-base').click();
    await expect.poll(async () => (await station.handlers.deskLearning({})).inUse, SLOW).toBeNull();
    await expect.poll(() => page.getByTestId('desk-head-in-use').textContent(), SLOW).toMatch(/Base model/i);
    const plain = await save('legs');
    expect(plain.prediction?.headId).toBeNull();
    expect(plain.prediction?.category).not.toBe(NEW_CATEGORY);
    // And forward to the head again, from its row.
    await page.getByTestId('desk-head-use').first().click();
    await expect.poll(async () => (await station.handlers.deskLearning({})).inUse, SLOW).toBe(headId);
    await expect.poll(() => page.getByTestId('desk-head-in-use').textContent(), SLOW).toContain(`#${headId}`);
  });
});
