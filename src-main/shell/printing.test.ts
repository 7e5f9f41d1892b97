import { describe, expect, it, vi } from 'vitest';
import { printingHandlers } from './printing.ts';

vi.mock('electron', () => import('./test-support/electron-mock.ts'));

function fakeWindow(printers: string[], outcome: [boolean, string] = [true, '']) {
  const calls: unknown[] = [];
  const wc = {
    getPrintersAsync: async () => printers.map((name) => ({ name, displayName: `${name} (office)`, description: '', options: {} })),
    print: (options: unknown, cb: (ok: boolean, reason: string) => void) => {
      calls.push(options);
      cb(...outcome);
    },
  };
  return { wc: wc as never, calls };
}

describe('printing from the app window', () => {
  it('lists the printers the system has', async () => {
    const { wc } = fakeWindow(['Desk-Laser', 'Label-1']);
    expect(await printingHandlers(() => wc).listPrinters({})).toEqual([
      { name: 'Desk-Laser', displayName: 'Desk-Laser (office)' },
      { name: 'Label-1', displayName: 'Label-1 (office)' },
    ]);
  });

  it('opens the system dialog when no printer is named', async () => {
    const { wc, calls } = fakeWindow(['Desk-Laser']);
    expect(await printingHandlers(() => wc).printWindow({ printer: null })).toEqual({ printed: true, printer: null });
    expect(calls).toEqual([{ silent: false, printBackground: true }]);
  });

  it('prints silently only to a printer verified to exist', async () => {
    const { wc, calls } = fakeWindow(['Desk-Laser']);
    const h = printingHandlers(() => wc);
    expect(await h.printWindow({ printer: 'Desk-Laser' })).toEqual({ printed: true, printer: 'Desk-Laser' });
    expect(calls).toEqual([{ silent: true, deviceName: 'Desk-Laser', printBackground: true }]);
    await expect(h.printWindow({ printer: 'Gone-Printer' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('Gone-Printer'),
    });
    expect(calls).toHaveLength(1); // nothing was sent to a printer that is not there
  });

  it('reports a cancelled dialog as not printed, and a failure as an error', async () => {
    expect(await printingHandlers(() => fakeWindow([], [false, 'Print job canceled']).wc).printWindow({ printer: null })).toEqual({
      printed: false,
      printer: null,
    });
    await expect(
      printingHandlers(() => fakeWindow([], [false, 'Printer is out of paper']).wc).printWindow({ printer: null }),
    ).rejects.toThrow(/out of paper/);
    await expect(printingHandlers(() => null).printWindow({ printer: null })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
