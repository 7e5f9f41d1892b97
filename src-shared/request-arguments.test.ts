// Argument checks of the pick-list, history and webhook-test requests: a bad call is refused with
// BAD_REQUEST and a sentence that says what to fix.
import { describe, expect, it } from 'vitest';
import { parseRequest, StationRequestError } from './contract.ts';

const refused = (name: Parameters<typeof parseRequest>[0], args: unknown) => {
  try {
    parseRequest(name, args);
  } catch (e) {
    expect(e).toBeInstanceOf(StationRequestError);
    expect((e as StationRequestError).code).toBe('BAD_REQUEST');
    return (e as Error).message;
  }
  throw new Error(`${name} accepted ${JSON.stringify(args)}`);
};

describe('pickList / savePickListPdf arguments', () => {
  it('take a batch run or a range of days, optionally one category', () => {
    expect(parseRequest('pickList', { batchRunId: 3 })).toEqual({ batchRunId: 3 });
    expect(parseRequest('savePickListPdf', { from: '2025-10-01', to: '2025-10-31', category: 'Tshirts' })).toEqual({
      from: '2025-10-01',
      to: '2025-10-31',
      category: 'Tshirts',
    });
  });

  it('refuse anything else with a clear message', () => {
    expect(refused('pickList', {})).toBe('pickList: arguments: give either batchRunId or a date range (from and to), not both');
    expect(refused('pickList', { batchRunId: 3, from: '2025-10-01', to: '2025-10-01' })).toBe(
      'pickList: arguments: give either batchRunId or a date range (from and to), not both',
    );
    expect(refused('savePickListPdf', { from: '2025-10-01' })).toBe('savePickListPdf: arguments: a date range needs both from and to');
    expect(refused('pickList', { from: '2025-10-02', to: '2025-10-01' })).toBe('pickList: to: from must not be after to');
    expect(refused('pickList', { from: '2025-10-01', to: '2025-11-01' })).toBe('pickList: to: a pick list covers at most 31 days');
    expect(refused('pickList', { from: '2025-02-30', to: '2025-03-01' })).toBe('pickList: from: not a calendar day');
    expect(refused('pickList', { batchRunId: 0 })).toMatch(/^pickList: batchRunId: /);
    expect(refused('pickList', { batchRunId: 1, printer: 'x' })).toMatch(/^pickList: arguments: .*printer/);
  });
});

describe('history / historyCsv arguments', () => {
  it('take a range of at most 400 days', () => {
    expect(parseRequest('history', { from: '2024-10-14', to: '2025-10-13' })).toEqual({ from: '2024-10-14', to: '2025-10-13' });
    expect(parseRequest('historyCsv', { from: '2025-10-13', to: '2025-10-13' })).toEqual({ from: '2025-10-13', to: '2025-10-13' });
    expect(parseRequest('history', { from: '2024-09-09', to: '2025-10-13' })).toEqual({ from: '2024-09-09', to: '2025-10-13' }); // 400 days
  });

  it('refuse a reversed, too long or malformed range', () => {
    expect(refused('history', { from: '2025-10-14', to: '2025-10-13' })).toBe('history: to: from must not be after to');
    expect(refused('history', { from: '2024-09-08', to: '2025-10-13' })).toBe('history: to: history covers at most 400 days');
    expect(refused('historyCsv', { from: '13.10.2025', to: '2025-10-13' })).toBe('historyCsv: from: expected YYYY-MM-DD');
    expect(refused('history', { from: '2025-10-01' })).toMatch(/^history: to: /);
  });
});

describe('sendTestWebhook arguments', () => {
  it('take nothing', () => {
    expect(parseRequest('sendTestWebhook', {})).toEqual({});
    expect(refused('sendTestWebhook', { url: 'http://example.com' })).toMatch(/^sendTestWebhook: arguments: .*url/);
  });
});
