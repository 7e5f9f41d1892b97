// Browser mode as a whole: a station on a folder plus the loopback web server, and the move to
// another folder that Settings asks for (a new station there, the server switched over, the old
// one closed). Used by `cli.ts web` and by the e2e fixture, so both run the same thing.
import { createStation, type Station, type StationOptions } from '../station/station.ts';
import { startWebServer, type WebServer } from './web-server.ts';

export interface BrowserModeOptions extends Omit<StationOptions, 'switchRoot'> {
  port?: number;
  staticDir?: string;
  onSwitch?: (root: string) => void;
}

export interface BrowserMode {
  server: WebServer;
  /** The station served now (it changes when the folder is moved). */
  station(): Station;
  close(): Promise<void>;
}

export async function startBrowserMode(opts: BrowserModeOptions): Promise<BrowserMode> {
  const { port, staticDir, onSwitch, ...stationOpts } = opts;
  let current: Station;
  const open = (root: string) => createStation({ ...stationOpts, root, switchRoot });
  async function switchRoot(root: string) {
    const old = current;
    const next = await open(root); // if the new folder cannot be opened, the old station stays
    await next.ready;
    current = next;
    server.setStation(next);
    await old.close();
    onSwitch?.(root);
  }
  current = await open(opts.root);
  await current.ready;
  const server = await startWebServer({ station: current, port, staticDir });
  return {
    server,
    station: () => current,
    async close() {
      await server.close();
      await current.close();
    },
  };
}
