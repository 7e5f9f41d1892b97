import { describe, expect, it, vi } from 'vitest';
import type { BatchRun } from '../../src-shared/domain.ts';
import { batchNotice } from '../../src-shared/batch-notice.ts';
import { finishedRun } from '../station/test-support/batch-run.ts';
import { trayMenuTemplate, trayState, trayTooltip } from './tray-menu.ts';

vi.mock('electron', () => import('./test-support/electron-mock.ts'));

const run = (over: Partial<BatchRun> = {}): BatchRun =>
  finishedRun({
    id: 1,
    finishedAt: '2025-10-13T00:00:09.000Z',
    status: 'completed_with_errors',
    totalImages: 247,
    successful: 242,
    failed: 5,
    successRate: 97.98,
    lowConfidence: 13,
    durationSeconds: 9.4,
    ...over,
  });

describe('batch notification', () => {
  it('gives totals, failures and the review count, and opens Review', () => {
    expect(batchNotice(run())).toEqual({
      title: 'Batch done with 5 errors',
      body: '247 photos: 242 filed · 5 failed · 13 to review (98.0 % success, 9 s).',
      urgency: 'normal',
      opens: 'review',
    });
    expect(batchNotice(run({ status: 'completed', failed: 0, successful: 247, successRate: 100 })).title).toBe('Batch done');
  });
  it('says plainly when the run failed, and opens Alerts', () => {
    const n = batchNotice(
      run({ status: 'failed', totalImages: 0, successful: 0, failed: 0, errorMessage: 'Model unavailable: model.onnx not found' }),
    );
    expect(n.title).toBe('Nightly batch FAILED');
    expect(n.body).toContain('Model unavailable');
    expect(n.urgency).toBe('critical');
    expect(n.opens).toBe('alerts');
  });
});

describe('tray menu', () => {
  it('has Open, Run batch now, Pause watching and Quit, each wired to its action', () => {
    const actions = { open: vi.fn(), runBatchNow: vi.fn(), setWatching: vi.fn(), quit: vi.fn() };
    const items = trayMenuTemplate(trayState(false, null, run()), true, actions).filter((i) => i.type !== 'separator');
    expect(items.map((i) => i.label)).toEqual(['Open Returns Station', 'Run batch now', 'Pause watching incoming/', 'Quit']);
    for (const i of items) (i.click as () => void)();
    expect(actions.open).toHaveBeenCalledOnce();
    expect(actions.runBatchNow).toHaveBeenCalledOnce();
    expect(actions.setWatching).toHaveBeenCalledWith(false);
    expect(actions.quit).toHaveBeenCalledOnce();
  });
  it('shows status: running with progress (no second run), last run failed, idle', () => {
    const running = trayState(true, { runId: 2, phase: 'file', done: 12, total: 40, current: 'x.jpg' }, run());
    expect(trayTooltip(running)).toBe('Returns Station — batch running: 12/40');
    expect(trayMenuTemplate(running, true, { open() {}, runBatchNow() {}, setWatching() {}, quit() {} })[2]).toMatchObject({
      enabled: false,
    });
    expect(trayTooltip(trayState(false, null, run({ status: 'failed', errorMessage: 'Disk full' })))).toContain('FAILED: Disk full');
    expect(trayTooltip(trayState(false, null, run()))).toBe('Returns Station — last batch 20251013_020000: 242/247 filed');
  });
});
