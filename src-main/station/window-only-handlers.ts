// Printing belongs to the app window: the shell replaces these two with the window's own, and
// browser mode prints with the browser. A station on its own answers plainly that it cannot.
import { StationRequestError, type StationHandlers } from '../../src-shared/contract.ts';

export const windowOnlyHandlers: Pick<StationHandlers, 'listPrinters' | 'printWindow'> = {
  async listPrinters() {
    return [];
  },
  async printWindow() {
    throw new StationRequestError('UNAVAILABLE', "Printing goes through the app window; in browser mode use the browser's Print.");
  },
};
