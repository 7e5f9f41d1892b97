// Test-only: a small, realistic run for the report tests (not a *.test.ts, so vitest does not run it).
import { DEFAULT_CATEGORIES, DEFAULT_THRESHOLDS, type BatchRun } from '../../../src-shared/domain.ts';
import { finishedRun } from '../test-support/batch-run.ts';
import type { BatchReportInput, BatchResultRow } from './report-types.ts';

export function row(p: Partial<BatchResultRow> & Pick<BatchResultRow, 'fileName'>): BatchResultRow {
  const ok = (p.status ?? 'success') === 'success';
  return {
    category: ok ? 'Tshirts' : null,
    confidence: ok ? 0.9534 : 0,
    status: 'success',
    timestamp: '2025-10-13T02:00:04',
    returnId: null,
    band: null,
    error: ok ? null : 'Corrupt image file',
    destination: ok ? `processed/${p.category ?? 'Tshirts'}/${p.fileName}` : `errors/${p.fileName}`,
    ...p,
  };
}

/** The run that produced sampleRows(): six photos, one of them unreadable. */
function sampleRun(p: Partial<BatchRun> = {}): BatchRun {
  return finishedRun({
    id: 7,
    status: 'completed_with_errors',
    totalImages: 6,
    successful: 5,
    failed: 1,
    successRate: 83.33,
    lowConfidence: 2,
    modelSha256: '3f2a9c1d4e5b6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7',
    ...p,
  });
}

export function sampleRows(): BatchResultRow[] {
  return [
    row({ fileName: 'return_20251013_001.jpg', returnId: 'RET-20251013-001', band: 'high' }),
    row({
      fileName: 'return_20251013_002.jpg',
      category: 'Casual Shoes',
      confidence: 0.85,
      band: 'high',
      timestamp: '2025-10-13T02:00:06',
    }),
    row({ fileName: 'return_20251013_003.jpg', category: 'Handbags', confidence: 0.7, band: 'medium', timestamp: '2025-10-13T02:00:08' }),
    row({ fileName: 'return_20251013_004.jpg', category: 'Tshirts', confidence: 0.6999, band: 'low', timestamp: '2025-10-13T02:00:10' }),
    row({ fileName: 'return_20251013_005.jpg', category: 'Watches', confidence: 0.41, band: 'low', timestamp: '2025-10-13T02:00:12' }),
    row({
      fileName: 'return_20251013_006.jpg',
      status: 'error',
      returnId: 'RET-20251013-006',
      timestamp: '2025-10-13T02:00:19',
    }),
  ];
}

export function sampleInput(p: Partial<BatchReportInput> = {}): BatchReportInput {
  return {
    run: sampleRun(),
    stamp: '20251013_020000',
    rows: sampleRows(),
    categories: [...DEFAULT_CATEGORIES],
    thresholds: DEFAULT_THRESHOLDS,
    model: { name: 'returns10', version: 'v1', sha256: '3f2a9c1d4e5b6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7' },
    timeline: [
      { at: '2025-10-13T00:00:00.000Z', event: 'Batch started' },
      { at: '2025-10-13T00:00:01.000Z', event: 'Model verified (sha256 3f2a9c1d4e5b…)' },
      { at: '2025-10-13T00:00:01.000Z', event: 'Found 6 images' },
      { at: '2025-10-13T00:08:14.000Z', event: 'Processing done' },
      { at: '2025-10-13T00:08:15.000Z', event: 'Results saved' },
    ],
    alerts: [],
    ...p,
  };
}

/** A minimal RFC 4180 reader, to prove what the writer wrote reads back as the same fields. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let rec: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      rec.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rec.push(field);
      records.push(rec);
      rec = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  if (field || rec.length) records.push([...rec, field]);
  return records;
}
