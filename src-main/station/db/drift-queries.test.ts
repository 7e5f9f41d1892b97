// The station checking itself (issue 35): the audit sample and drift holds set when a prediction is
// stored, both ways a drift flag is cleared (and that the clearing is recorded), the night
// estimates and drift checks the lead's nightly code stores, and the audit figures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '../../../src-shared/domain.ts';
import { auditKey, isAudited } from './audit-rule.ts';
import { openTempDb, shaOf, type TempDb } from './test-temp-db.ts';

const MODEL = 'a'.repeat(64);
const SEED = 'c0ffee';

describe('audit sample and drift flags', () => {
  let t: TempDb;
  let n = 0;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  const setRows = (rows: Record<string, unknown>) =>
    t.db.settings.putSettingRows(new Map(Object.entries(rows).map(([k, v]) => [k, JSON.stringify(v)])));

  function classified(category: string, confidence: number, sha?: string): Item {
    n += 1;
    const item = t.db.items.insertItem({
      fileName: `p${n}.jpg`,
      sha256: sha ?? shaOf(`photo-${n}`),
      sizeBytes: 100,
      relPath: `incoming/p${n}.jpg`,
    });
    return t.db.items.addPrediction(item.id, { category, confidence, top3: [{ category, confidence }], modelSha256: MODEL, latencyMs: 5 });
  }
  const decide = (itemId: number, action: 'accept' | 'override', category?: string) =>
    t.db.review.addDecision({ itemId, action, ...(category ? { category } : {}), clerk: 'Asha', durationMs: 1500 });
  const run = () => t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'schedule' });
  const queue = () => t.db.review.reviewQueue('medium').map((i) => i.id);

  /** Content hashes the seed draws (or not) at this share. */
  function shas(audited: boolean, count: number, share = 0.02): string[] {
    const out: string[] = [];
    for (let i = 0; out.length < count; i++) if (isAudited(SEED, auditKey(0, shaOf(`k${i}`)), share) === audited) out.push(shaOf(`k${i}`));
    return out;
  }

  it('holds the photos the seeded rule draws, only when they would be auto-approved', () => {
    setRows({ auditSeed: SEED, auditShare: 0.02 });
    const [drawn] = shas(true, 1);
    const [notDrawn] = shas(false, 1);
    const audited = classified('Tshirts', 0.95, drawn);
    expect(audited).toMatchObject({ heldFor: 'audit', band: 'medium' });
    expect(classified('Tshirts', 0.95, notDrawn)).toMatchObject({ heldFor: null, band: 'high' });
    // A drawn photo the model doubts anyway goes to Review for that reason, not as an audit.
    t.db.items.insertItem({ fileName: 'x.jpg', sha256: shas(true, 2)[1]!, sizeBytes: 1, relPath: 'incoming/x.jpg' });
    expect(queue()).toEqual([audited.id]);
    // Answered again (a new model): still held, whatever it answers.
    expect(
      t.db.items.addPrediction(audited.id, { category: 'Tshirts', confidence: 0.99, top3: [], modelSha256: 'b'.repeat(64), latencyMs: 5 }),
    ).toMatchObject({ heldFor: 'audit', band: 'medium' });
    // 0 turns the audit off.
    setRows({ auditShare: 0 });
    expect(classified('Tshirts', 0.95, shas(true, 3)[2])).toMatchObject({ heldFor: null, band: 'high' });
  });

  it('while a flag is open auto-approves nothing; a person clears it, recorded with who and when', () => {
    const night = run();
    const before = classified('Shirts', 0.96);
    t.db.items.updateItemLocation(before.id, 'processed', 'processed/Shirts/p.jpg', 'filed', null, night.id);
    const unsure = classified('Shirts', 0.5);
    const raised = t.db.drift.raiseFlag({ batchRunId: night.id, cause: 'darker', message: 'Photos are 30 % darker than the model’s.' });
    // The flagged night's photo it would have auto-approved goes to a person too, and the alert is on record.
    expect(raised.held).toBe(1);
    expect(t.db.items.getItem(before.id)).toMatchObject({ heldFor: 'drift', band: 'medium' });
    expect(t.db.items.getItem(unsure.id)!.heldFor).toBeNull();
    expect(raised.alert).toMatchObject({ rule: 'drift', batchRunId: night.id, severity: 'warning' });
    expect(t.db.alerts.listAlerts().map((a) => a.id)).toContain(raised.alert.id);

    const later = classified('Tshirts', 0.99);
    expect(later).toMatchObject({ heldFor: 'drift', band: 'medium' });
    expect(queue()).toEqual(expect.arrayContaining([before.id, later.id]));

    t.clock.advance(60_000);
    const cleared = t.db.drift.clearDriftFlag(raised.flag.id, 'Ana')!;
    expect(cleared).toMatchObject({ clearedBy: 'Ana', clearedHow: 'person', clearedAt: '2025-10-13T08:01:00.000Z' });
    t.clock.advance(60_000);
    expect(t.db.drift.clearDriftFlag(raised.flag.id, 'Ben')).toEqual(cleared); // the first clearing stands
    // No flag open: confident photos are auto-approved again; the held ones stay with a person.
    expect(classified('Tshirts', 0.99)).toMatchObject({ heldFor: null, band: 'high' });
    expect(t.db.items.getItem(later.id)!.heldFor).toBe('drift');
  });

  it('holds nothing for a flag while protectOnDrift is off', () => {
    setRows({ protectOnDrift: false });
    const night = run();
    t.db.drift.raiseFlag({ batchRunId: night.id, cause: 'blurrier', message: 'Blurred.' });
    expect(classified('Tshirts', 0.99)).toMatchObject({ heldFor: null, band: 'high' });
  });

  it('is cleared by the audit after 100 drift-held decisions with at most 1 % wrong', () => {
    const { flag } = t.db.drift.raiseFlag({ cause: 'camera', message: 'Another camera.' });
    const second = t.db.drift.raiseFlag({ cause: 'colour-cast', message: 'Yellow.' }).flag;
    const held = Array.from({ length: 101 }, () => classified('Tshirts', 0.97));
    expect(held.every((i) => i.heldFor === 'drift')).toBe(true);
    decide(held[0]!.id, 'override', 'Shirts'); // one wrong
    for (const i of held.slice(1, 99)) decide(i.id, 'accept');
    expect(t.db.drift.getDriftFlag(flag.id)!.clearedAt).toBeNull(); // 99 decided
    expect(t.db.drift.stationHealth().clearing).toEqual({ decided: 99, wrong: 1 });
    t.clock.advance(1000);
    decide(held[99]!.id, 'override', 'Tshirts'); // overridden to the model's own category: right
    for (const id of [flag.id, second.id])
      expect(t.db.drift.getDriftFlag(id)).toMatchObject({ clearedBy: 'audit', clearedHow: 'audit', clearedAt: '2025-10-13T08:00:01.000Z' });
    expect(classified('Tshirts', 0.97)).toMatchObject({ heldFor: null, band: 'high' });
  });

  it('is not cleared by the audit when more than 1 % are wrong', () => {
    const { flag } = t.db.drift.raiseFlag({ cause: 'new-kind', message: 'New kinds.' });
    const held = Array.from({ length: 100 }, () => classified('Tshirts', 0.97));
    decide(held[0]!.id, 'override', 'Shirts');
    decide(held[1]!.id, 'override', 'Other');
    for (const i of held.slice(2)) decide(i.id, 'accept');
    expect(t.db.drift.getDriftFlag(flag.id)!.clearedAt).toBeNull();
  });

  it('measures the wrong-auto-approved rate per week and overall, with its interval', () => {
    setRows({ auditSeed: SEED, auditShare: 1 });
    const items = Array.from({ length: 50 }, () => classified('Heels', 0.9));
    decide(items[0]!.id, 'override', 'Sports Shoes');
    for (const i of items.slice(1, 40)) decide(i.id, 'accept');
    t.clock.set('2025-10-20T09:00:00.000Z'); // the next ISO week
    for (const i of items.slice(40, 45)) decide(i.id, 'override', 'Other');
    for (const i of items.slice(45, 50)) decide(i.id, 'accept');
    const f = t.db.drift.auditFigures();
    expect(f.weeks.map((w) => [w.week, w.decided, w.wrong])).toEqual([
      ['2025-W42', 40, 1],
      ['2025-W43', 10, 5],
    ]);
    expect(f.overall).toMatchObject({ week: 'overall', decided: 50, wrong: 6, rate: 0.12 });
    // 6 of 50 at 95 % (Wilson): 0.0562 to 0.2381.
    expect(f.overall.interval!.low).toBeCloseTo(0.0562, 3);
    expect(f.overall.interval!.high).toBeCloseTo(0.2381, 3);
  });

  it('makes an audited decision a desk example like any other', () => {
    setRows({ auditSeed: SEED, auditShare: 1 });
    const item = t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf('a'), sizeBytes: 1, relPath: 'incoming/a.jpg' });
    const held = t.db.items.addPrediction(item.id, {
      category: 'Watches',
      confidence: 0.97,
      top3: [],
      modelSha256: MODEL,
      latencyMs: 5,
      features: new Float32Array([0.5, 0.25, 0, 1]),
      logits: [3, 1, 0],
      photoKind: 'photo',
    });
    expect(held.heldFor).toBe('audit');
    decide(item.id, 'accept');
    expect(t.db.desk.deskExamples(MODEL).map((e) => [e.itemId, e.label])).toEqual([[item.id, 'Watches']]);
  });

  it('stores the nights’ estimates and drift checks, and sets them beside the audit per week', () => {
    setRows({ auditSeed: SEED, auditShare: 1 });
    const night = run();
    t.db.drift.recordNight({
      batchRunId: night.id,
      method: 'ATC',
      photos: 120,
      autoPhotos: 80,
      all: { estimate: 0.91, low: 0.87, high: 0.94 },
      auto: { estimate: 0.98, low: 0.96, high: 0.99 },
    });
    t.db.drift.recordNight({
      batchRunId: night.id,
      method: 'ATC',
      photos: 120,
      autoPhotos: 0,
      all: { estimate: 0.9, low: 0.86, high: 0.93 },
      auto: null,
    });
    expect(t.db.drift.nightEstimates()).toEqual([
      {
        batchRunId: night.id,
        startedAt: night.startedAt,
        method: 'ATC',
        photos: 120,
        autoPhotos: 0,
        all: { estimate: 0.9, low: 0.86, high: 0.93 },
        auto: null,
      },
    ]);
    const second = run();
    t.db.drift.recordNight({
      batchRunId: second.id,
      method: 'ATC',
      photos: 10,
      autoPhotos: 5,
      all: { estimate: 0.9, low: 0.8, high: 0.95 },
      auto: { estimate: 0.97, low: 0.9, high: 0.99 },
    });
    const signals = [
      { name: 'brightness' as const, label: 'Mean brightness against the model’s photos', value: 0.31, threshold: 0.2, flagged: true },
    ];
    t.db.drift.recordCheck({ batchRunId: second.id, reference: 'model', signals });
    expect(t.db.drift.latestCheck()).toEqual({ batchRunId: second.id, startedAt: second.startedAt, reference: 'model', signals });
    const item = classified('Heels', 0.9);
    decide(item.id, 'accept');
    const health = t.db.drift.stationHealth();
    expect(health.estimates).toEqual([
      {
        week: '2025-W42',
        nights: 2,
        estimate: 0.97,
        audited: 1,
        auditedInterval: { low: expect.closeTo(0.2065, 3) as number, high: 1 },
        auditDecided: 1,
      },
    ]);
    expect(health.audit).toMatchObject({ share: 1, seed: SEED, waiting: { audit: 0, drift: 0 } });
  });
});
