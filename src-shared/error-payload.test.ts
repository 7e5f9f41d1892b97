// A failed request reaches the screens the same way over IPC and HTTP: its code, its sentence and,
// where the screen acts on it, its reason; anything unexpected becomes INTERNAL.
import { describe, expect, it, vi } from 'vitest';
import { HTTP_STATUS, StationRequestError, toErrorPayload } from './contract.ts';

describe('toErrorPayload', () => {
  it('keeps the code, the message and the reason of a refused request', () => {
    const refused = new StationRequestError('CONFLICT', 'Return RET-20251013-001 already has a photo today.', 'return-id-in-use');
    expect(toErrorPayload(refused)).toEqual({ code: 'CONFLICT', message: refused.message, reason: 'return-id-in-use' });
    expect(toErrorPayload(new StationRequestError('NOT_FOUND', 'No item 9.'))).toEqual({ code: 'NOT_FOUND', message: 'No item 9.' });
  });

  it('turns anything else into INTERNAL (HTTP 500) and logs it', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const payload = toErrorPayload(new TypeError('x is undefined'));
    expect(payload).toEqual({ code: 'INTERNAL', message: 'x is undefined' });
    expect(HTTP_STATUS[payload.code]).toBe(500);
    expect(log).toHaveBeenCalledTimes(1);
    log.mockRestore();
  });
});
