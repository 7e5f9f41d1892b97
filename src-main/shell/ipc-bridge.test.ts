import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventNames, requestNames } from '../../src-shared/contract.ts';
import type { StationEventBus } from '../station/station.ts';
import { recordingHandlers } from '../station/test-support/recording-handlers.ts';
import * as electron from './test-support/electron-mock.ts';

vi.mock('electron', () => import('./test-support/electron-mock.ts'));

const { forwardStationEvents, registerStationIpc } = await import('./ipc-bridge.ts');
const { isAppUrl } = await import('./secure-window.ts');

beforeEach(() => electron.resetElectronMock());

describe('IPC bridge', () => {
  it('registers exactly one handler per contract request, and removes them all', () => {
    const { handlers } = recordingHandlers();
    const off = registerStationIpc(electron.ipcMain as never, handlers, isAppUrl);
    expect([...electron.handlers.keys()].sort()).toEqual(requestNames.map((n) => `station:request:${n}`).sort());
    expect(() => registerStationIpc(electron.ipcMain as never, handlers, isAppUrl)).toThrow(/second handler/);
    off();
    expect(electron.handlers.size).toBe(0);
  });

  it('validates every payload before the core sees it, and fills defaults', async () => {
    const { calls, handlers } = recordingHandlers();
    registerStationIpc(electron.ipcMain as never, handlers, isAppUrl);
    const invoke = (name: string, args: unknown) =>
      electron.ipcRenderer.invoke(`station:request:${name}`, args) as Promise<{ ok: boolean; error?: { code: string; message: string } }>;

    const bad = [
      ['getItem', { id: 'seven' }],
      ['getItem', { id: -1 }],
      ['decide', { itemId: 1, action: 'override', clerk: 'Ana', durationMs: 10 }], // override without category
      ['decide', { itemId: 1, action: 'delete', clerk: 'Ana', durationMs: 10 }],
      ['updateSettings', { batchTime: '25:00' }],
      ['updateSettings', { unknownKey: 1 }],
      ['savePhoto', { returnId: null, bytes: 'not bytes', ext: 'jpg' }],
      ['listItems', { day: '13/10/2025' }],
    ] as const;
    for (const [name, args] of bad) {
      const r = await invoke(name, args);
      expect(r.ok, `${name} ${JSON.stringify(args)}`).toBe(false);
      expect(r.error!.code).toBe('BAD_REQUEST');
    }
    expect(calls).toEqual([]);

    expect(await invoke('listItems', {})).toEqual({ ok: true, value: { handled: 'listItems' } });
    expect(calls).toEqual([{ name: 'listItems', args: { limit: 200, offset: 0 } }]);
  });

  it('refuses requests from frames that are not our app', async () => {
    const { calls, handlers } = recordingHandlers();
    registerStationIpc(electron.ipcMain as never, handlers, isAppUrl);
    electron.sender.frameUrl = 'https://evil.example/';
    const r = (await electron.ipcRenderer.invoke('station:request:getStatus', {})) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/untrusted frame/) });
    expect(calls).toEqual([]);
  });

  it('turns failures into codes and sentences', async () => {
    const { handlers } = recordingHandlers();
    const { StationRequestError } = await import('../../src-shared/contract.ts');
    handlers.getItem = async () => {
      throw new StationRequestError('NOT_FOUND', 'No item 9.');
    };
    registerStationIpc(electron.ipcMain as never, handlers, isAppUrl);
    expect(await electron.ipcRenderer.invoke('station:request:getItem', { id: 9 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No item 9.' },
    });
  });

  it('forwards every station event to the window until it is destroyed', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const bus: StationEventBus = {
      on: (name, fn) => {
        listeners.set(name, fn as (p: unknown) => void);
        return () => listeners.delete(name);
      },
      emit: () => {},
    };
    const wc = new electron.MockWebContents();
    forwardStationEvents(bus, wc as never);
    expect([...listeners.keys()].sort()).toEqual([...eventNames].sort());
    listeners.get('batch-progress')!({ runId: 1, phase: 'file', done: 1, total: 2, current: 'x.jpg' });
    expect(wc.sent).toEqual([
      {
        channel: 'station:event',
        message: { name: 'batch-progress', payload: { runId: 1, phase: 'file', done: 1, total: 2, current: 'x.jpg' } },
      },
    ]);
    wc.emit('destroyed');
    expect(listeners.size).toBe(0);
  });
});

describe('preload', () => {
  it('exposes one object with invoke/on for contract names only', async () => {
    const { handlers } = recordingHandlers();
    registerStationIpc(electron.ipcMain as never, handlers, isAppUrl);
    await import('./preload.ts');
    const api = electron.exposed.get('returnsStation') as {
      invoke: (n: string, a: unknown) => Promise<unknown>;
      on: (n: string, fn: (p: unknown) => void) => () => void;
    };
    expect([...electron.exposed.keys()]).toEqual(['returnsStation']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(await api.invoke('getStatus', {})).toEqual({ handled: 'getStatus' });
    await expect(api.invoke('shell.openExternal', {})).rejects.toThrow(/Unknown station request/);
    await expect(api.invoke('getItem', { id: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(() => api.on('ipc-anything', () => {})).toThrow(/Unknown station event/);
    const seen: unknown[] = [];
    const off = api.on('item-added', (p) => seen.push(p));
    new electron.MockWebContents().send('station:event', { name: 'item-added', payload: { id: 1 } });
    new electron.MockWebContents().send('station:event', { name: 'alert-raised', payload: { id: 2 } });
    off();
    new electron.MockWebContents().send('station:event', { name: 'item-added', payload: { id: 3 } });
    expect(seen).toEqual([{ id: 1 }]);
  });
});
