// Which request fields hold bytes is declared once, and the compiler holds the declaration to the
// contract's schemas; the JSON transport converts exactly those fields.
import { describe, expect, it } from 'vitest';
import { BYTE_FIELDS, convertByteFields } from './request-bytes.ts';

describe('byte fields', () => {
  it('are the Uint8Array fields of the schemas, no more and no fewer (a type error otherwise)', () => {
    // @ts-expect-error savePhoto's bytes field is a Uint8Array: it must be declared.
    const missing: typeof BYTE_FIELDS = {};
    // @ts-expect-error ext is text, not bytes.
    const notBytes: typeof BYTE_FIELDS = { savePhoto: ['ext'] };
    // @ts-expect-error getItem carries no bytes.
    const extra: typeof BYTE_FIELDS = { savePhoto: ['bytes'], getItem: ['id'] };
    expect([missing, notBytes, extra]).toHaveLength(3);
    expect(BYTE_FIELDS).toEqual({ savePhoto: ['bytes'] });
  });

  it('are converted in a copy, the other fields and requests left as they are', () => {
    const args = { returnId: null, bytes: 'AQL/', ext: 'jpg' };
    const seen: string[] = [];
    const converted = convertByteFields('savePhoto', args, (v, field) => (seen.push(field), `<${String(v)}>`));
    expect(converted).toEqual({ returnId: null, bytes: '<AQL/>', ext: 'jpg' });
    expect(args.bytes).toBe('AQL/');
    expect(seen).toEqual(['bytes']);
    const other = { id: 3, bytes: 'AQL/' };
    expect(convertByteFields('getItem', other, () => 'changed')).toBe(other);
    expect(convertByteFields('savePhoto', { returnId: null }, () => 'changed')).toEqual({ returnId: null });
    expect(convertByteFields('savePhoto', null, () => 'changed')).toBe(null);
  });
});
