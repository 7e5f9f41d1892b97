// Printing from the app window: the system print dialog by default, or silently to a named printer
// — but only one that the system lists right now, so a renamed or unplugged printer gives a clear
// error instead of a job that vanishes. These replace the core's listPrinters/printWindow, which
// only say that printing belongs to a window.
import type { WebContents } from 'electron';
import { StationRequestError, type StationHandlers } from '../../src-shared/contract.ts';

type PrintingHandlers = Pick<StationHandlers, 'listPrinters' | 'printWindow'>;

export function printingHandlers(window: () => Pick<WebContents, 'getPrintersAsync' | 'print'> | null): PrintingHandlers {
  const contents = () => {
    const wc = window();
    if (!wc) throw new StationRequestError('UNAVAILABLE', 'The app window is not open.');
    return wc;
  };
  return {
    async listPrinters() {
      return (await contents().getPrintersAsync()).map((p) => ({ name: p.name, displayName: p.displayName || p.name }));
    },
    async printWindow({ printer }) {
      const wc = contents();
      if (printer !== null) {
        const installed = await wc.getPrintersAsync();
        if (!installed.some((p) => p.name === printer)) {
          throw new StationRequestError(
            'NOT_FOUND',
            `Printer "${printer}" is not installed on this computer. Choose another printer, or print with the dialog.`,
          );
        }
      }
      return new Promise((resolve, reject) => {
        wc.print(
          { silent: printer !== null, ...(printer !== null ? { deviceName: printer } : {}), printBackground: true },
          (success, reason) => {
            if (success) resolve({ printed: true, printer });
            else if (/cancel/i.test(reason)) resolve({ printed: false, printer });
            else reject(new StationRequestError('INTERNAL', `Printing failed: ${reason}`));
          },
        );
      });
    },
  };
}
