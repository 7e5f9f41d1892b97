import { describe, expect, it } from 'vitest';
import { row, sampleInput } from './report-test-fixtures.ts';
import { summaryJson, summaryObject } from './summary-json.ts';

describe('summary JSON', () => {
  it('has the desk key names, in its order, and the right figures', () => {
    const text = summaryJson(sampleInput());
    expect(text.endsWith('}\n')).toBe(true);
    const s = JSON.parse(text);
    expect(Object.keys(s)).toEqual([
      'timestamp',
      'total_processed',
      'successful',
      'failed',
      'success_rate',
      'processing_time_seconds',
      'categories',
      'confidence_distribution',
      'errors',
      'confidence_thresholds',
    ]);
    expect(s).toMatchObject({
      timestamp: '20251013_020000',
      total_processed: 6,
      successful: 5,
      failed: 1,
      success_rate: 83.33,
      processing_time_seconds: 495,
    });
    // Most first; ties in the model's label order (Tshirts, Casual Shoes, Watches, Handbags).
    expect(Object.entries(s.categories)).toEqual([
      ['Tshirts', 2],
      ['Casual Shoes', 1],
      ['Watches', 1],
      ['Handbags', 1],
    ]);
    // 0.9534 and 0.85 high (≥), 0.7 medium, 0.6999 and 0.41 low.
    expect(s.confidence_distribution).toEqual({ 'high_confidence_>85%': 2, 'medium_confidence_70-85%': 1, 'low_confidence_<70%': 2 });
    expect(s.errors).toEqual([{ filename: 'return_20251013_006.jpg', error: 'Corrupt image file' }]);
  });

  it('counts bands with the thresholds from settings', () => {
    const s = summaryObject(sampleInput({ thresholds: { high: 0.95, low: 0.5 } }));
    expect(s.confidence_distribution).toEqual({ 'high_confidence_>85%': 1, 'medium_confidence_70-85%': 3, 'low_confidence_<70%': 1 });
    expect(s.confidence_thresholds).toEqual({ high: 0.95, low: 0.5 });
  });

  it('rounds the success rate to 2 decimals and copes with an empty run', () => {
    const three = sampleInput({
      rows: [row({ fileName: 'a' }), row({ fileName: 'b' }), row({ fileName: 'c', status: 'error', error: null })],
    });
    const s = summaryObject(three);
    expect(s.success_rate).toBe(66.67);
    expect(s.errors).toEqual([{ filename: 'c', error: 'Unknown error' }]);
    const empty = summaryObject(sampleInput({ rows: [] }));
    expect(empty).toMatchObject({ total_processed: 0, successful: 0, failed: 0, success_rate: 0, categories: {}, errors: [] });
  });
});
