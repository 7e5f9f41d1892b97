// Each photo's fate follows from what is known about it: vanished, quarantined with the reason
// (keeping its row unless it is a copy of another photo), or filed under a category.
import { describe, expect, it } from 'vitest';
import type { Item } from '../../../src-shared/domain.ts';
import type { WireResult } from '../classify/classifier-protocol.ts';
import type { Work } from './batch-context.ts';
import { planPhoto } from './plan-photo.ts';

const none = { missing: null, twin: null, chunkTwin: undefined };
const fresh: Work = { kind: 'new', rel: 'incoming/a.jpg' };
const ok = (category: string, sha256 = 'abc') =>
  ({
    ok: true,
    sha256,
    sizeBytes: 1,
    prediction: { category, confidence: 0.9, top3: [], modelSha256: 'm', latencyMs: 1 },
  }) as unknown as WireResult;
const failed = (code: string, message: string) => ({ ok: false, error: { code, message } }) as unknown as WireResult;
const item = (over: Partial<Item>) => ({ id: 7, fileName: 'b.jpg', relPath: 'incoming/b.jpg', category: null, ...over }) as Item;

describe('planning one photo', () => {
  it('files a classified photo under its category', () => {
    expect(planPhoto({ work: fresh, result: ok('Watches') }, none)).toEqual({ kind: 'file', category: 'Watches' });
  });

  it('files an item already classified by this model under its reviewed category', () => {
    const prediction = { category: 'Watches' } as NonNullable<Item['prediction']>;
    const w: Work = { kind: 'item', item: item({ category: 'Handbags', prediction }), current: prediction };
    expect(planPhoto({ work: w, result: null }, none)).toEqual({ kind: 'file', category: 'Handbags' });
  });

  it('files an item a person decided on under that decision, even when a new model answers otherwise', () => {
    const lastDecision = { action: 'override', category: 'Handbags' } as NonNullable<Item['lastDecision']>;
    const w: Work = { kind: 'item', item: item({ category: 'Handbags', lastDecision }), current: null };
    expect(planPhoto({ work: w, result: ok('Watches') }, none)).toEqual({ kind: 'file', category: 'Handbags' });
    const deferred: Work = {
      kind: 'item',
      item: item({ lastDecision: { ...lastDecision, action: 'defer', category: null } }),
      current: null,
    };
    expect(planPhoto({ work: deferred, result: ok('Watches') }, none)).toEqual({ kind: 'file', category: 'Watches' });
  });

  it('records a photo that is gone as vanished', () => {
    expect(planPhoto({ work: fresh, result: failed('FILE_MISSING', 'File not found') }, none)).toEqual({
      kind: 'vanished',
      reason: 'File not found',
    });
    const w: Work = { kind: 'item', item: item({}), current: null };
    expect(planPhoto({ work: w, result: null }, { ...none, missing: 'gone' })).toEqual({ kind: 'vanished', reason: 'gone' });
  });

  it('quarantines copies without a row of their own, and unreadable photos with one', () => {
    const twin = item({ id: 3, fileName: 'x.jpg', relPath: 'processed/Watches/x.jpg' });
    expect(planPhoto({ work: fresh, result: ok('Watches') }, { ...none, twin })).toEqual({
      kind: 'quarantine',
      reason: 'Duplicate of x.jpg (same content as item 3, now at processed/Watches/x.jpg)',
      keepRow: false,
    });
    expect(planPhoto({ work: fresh, result: ok('Watches') }, { ...none, chunkTwin: 'y.jpg' })).toMatchObject({
      reason: 'Duplicate of y.jpg (same content)',
      keepRow: false,
    });
    expect(planPhoto({ work: fresh, result: failed('DECODE_FAILED', 'Not a JPEG') }, none)).toEqual({
      kind: 'quarantine',
      reason: 'Not a JPEG',
      keepRow: true,
    });
    expect(planPhoto({ work: fresh, result: ok('Watches', '') }, none)).toEqual({
      kind: 'quarantine',
      reason: 'Unreadable file',
      keepRow: true,
    });
  });
});
