import { describe, expect, it } from 'vitest';
import type { HistoryReport } from '../../../src-shared/history-types.ts';
import { historyCsv, historyCsvFileName } from './history-csv.ts';
import { emptyHistoryDay, emptyHistoryReceiving } from './history-report.ts';

const zero = emptyHistoryDay();

const report: HistoryReport = {
  from: '2025-10-12',
  to: '2025-10-13',
  thresholds: { high: 0.85, low: 0.7 },
  days: [
    { day: '2025-10-12', ...zero },
    {
      day: '2025-10-13',
      received: 3,
      classified: 3,
      filed: 2,
      failed: 1,
      successRate: 66.67,
      categories: { Tshirts: 2, 'Shoes, "casual"': 1 },
      bands: { high: 1, medium: 1, low: 1 },
      reviewed: 2,
      overridden: 1,
      reviewRate: 66.67,
      overrideRate: 50,
      alerts: { critical: 0, error: 1, warning: 0, info: 0 },
    },
  ],
  totals: { ...zero },
  receiving: emptyHistoryReceiving(),
  runs: [],
  deskHeads: [],
};

describe('history CSV', () => {
  it('is named after the range', () => {
    expect(historyCsvFileName('2024-10-14', '2025-10-13')).toBe('history_20241014_20251013.csv');
  });

  it('has a header and one CRLF row per day; rates without a base are empty, never 0; text is quoted', () => {
    const lines = historyCsv(report).split('\r\n');
    expect(lines).toEqual([
      'day,received,classified,filed,failed,success_rate_percent,band_high,band_medium,band_low,reviewed,overridden,review_rate_percent,override_rate_percent,alerts_critical,alerts_error,alerts_warning,alerts_info,"category:Shoes, ""casual""",category:Tshirts',
      '2025-10-12,0,0,0,0,,0,0,0,0,0,,,0,0,0,0,0,0',
      '2025-10-13,3,3,2,1,66.67,1,1,1,2,1,66.67,50,0,1,0,0,1,2',
      '',
    ]);
  });
});
