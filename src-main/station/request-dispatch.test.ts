// The one dispatch both transports use: unknown names, bad arguments and failing handlers all come
// back as the same error payload, and the contract's byte fields arrive as bytes whichever way
// they travelled.
import { describe, expect, it, vi } from 'vitest';
import { StationRequestError } from '../../src-shared/contract.ts';
import { dispatchRequest } from './request-dispatch.ts';
import { recordingHandlers } from './test-support/recording-handlers.ts';

const photo = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

describe('dispatchRequest', () => {
  it('runs the handler with validated arguments, defaults filled in', async () => {
    const { calls, handlers } = recordingHandlers();
    expect(await dispatchRequest(handlers, 'listItems', {}, 'structured-clone')).toEqual({ ok: true, value: { handled: 'listItems' } });
    expect(calls).toEqual([{ name: 'listItems', args: { limit: 200, offset: 0 } }]);
  });

  it('answers an unknown name, bad arguments and a refusing handler with the error payload', async () => {
    const { calls, handlers } = recordingHandlers();
    for (const name of ['noSuchThing', 'toString', '__proto__'])
      expect(await dispatchRequest(handlers, name, {}, 'json')).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Unknown request "${name}".` },
      });
    expect(await dispatchRequest(handlers, 'getItem', { id: 'seven' }, 'json')).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^getItem: id: /) },
    });
    expect(calls).toEqual([]);
    handlers.getItem = async () => {
      throw new StationRequestError('NOT_FOUND', 'No item 9.');
    };
    expect(await dispatchRequest(handlers, 'getItem', { id: 9 }, 'structured-clone')).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No item 9.' },
    });
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    handlers.getItem = async () => {
      throw new TypeError('x is undefined');
    };
    expect(await dispatchRequest(handlers, 'getItem', { id: 9 }, 'structured-clone')).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'x is undefined' },
    });
    log.mockRestore();
  });

  it("hands savePhoto's bytes to the handler alike from IPC (bytes) and from JSON (base64 text)", async () => {
    const { calls, handlers } = recordingHandlers();
    const args = { returnId: null, ext: 'jpg' };
    await dispatchRequest(handlers, 'savePhoto', { ...args, bytes: photo }, 'structured-clone');
    await dispatchRequest(handlers, 'savePhoto', { ...args, bytes: Buffer.from(photo).toString('base64') }, 'json');
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const bytes = (call.args as { bytes: unknown }).bytes;
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect([...(bytes as Uint8Array)]).toEqual([...photo]);
    }
  });

  it('refuses byte fields that are not bytes: base64 text over IPC, or text that is not base64 in JSON', async () => {
    const { calls, handlers } = recordingHandlers();
    const send = (bytes: unknown, encoding: 'json' | 'structured-clone') =>
      dispatchRequest(handlers, 'savePhoto', { returnId: null, ext: 'jpg', bytes }, encoding);
    for (const [bytes, encoding] of [
      ['/9j/4AECAw==', 'structured-clone'],
      ['not base64!', 'json'],
      ['/9j/4AECAw=', 'json'],
      [[255, 216], 'json'],
    ] as const) {
      const reply = await send(bytes, encoding);
      expect(reply, `${JSON.stringify(bytes)} over ${encoding}`).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^savePhoto: bytes: /) },
      });
    }
    expect(calls).toEqual([]);
  });
});
