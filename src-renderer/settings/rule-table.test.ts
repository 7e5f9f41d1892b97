import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPOSITION_RULES, dispositionFor } from '../../src-shared/receiving.ts';
import { withCell } from './rule-table.ts';

describe('withCell', () => {
  it('sets a default cell, a category cell, and a category cell back to the default', () => {
    let r = withCell(DEFAULT_DISPOSITION_RULES, null, 'Damaged', 'Quarantine');
    expect(dispositionFor(r, 'Shirts', 'Damaged')).toBe('Quarantine');
    expect(dispositionFor(r, 'Watches', 'Damaged')).toBe('Return to vendor');
    r = withCell(r, 'Shirts', 'New', 'Donate');
    expect(r.byCategory.Shirts).toEqual({ New: 'Donate' });
    r = withCell(r, 'Watches', 'Damaged', null);
    expect(r.byCategory.Watches).toBeUndefined();
    expect(dispositionFor(r, 'Watches', 'Damaged')).toBe('Quarantine');
    expect(DEFAULT_DISPOSITION_RULES.byCategory.Watches).toEqual({ Damaged: 'Return to vendor' });
  });
  it('ignores clearing a default cell (every grade keeps one)', () => {
    expect(withCell(DEFAULT_DISPOSITION_RULES, null, 'New', null)).toBe(DEFAULT_DISPOSITION_RULES);
  });
});
