// The tray: an icon that says how the station is (idle / running with progress / last run failed)
// and a menu with the four things people do from it.
import type { MenuItemConstructorOptions } from 'electron';
import type { BatchProgress, BatchRun } from '../../src-shared/domain.ts';

export type TrayState =
  { kind: 'idle'; lastRun: BatchRun | null } | { kind: 'running'; progress: BatchProgress | null } | { kind: 'failed'; lastRun: BatchRun };

export interface TrayActions {
  open(): void;
  runBatchNow(): void;
  setWatching(watching: boolean): void;
  quit(): void;
}

export function trayState(running: boolean, progress: BatchProgress | null, lastRun: BatchRun | null): TrayState {
  if (running) return { kind: 'running', progress };
  if (lastRun?.status === 'failed') return { kind: 'failed', lastRun };
  return { kind: 'idle', lastRun };
}

/** The tray image for a state: the app icon, with a blue dot while running and a red one after a failed run. */
export function trayIconFile(state: TrayState): string {
  return `tray-${state.kind}.png`;
}

export function trayTooltip(state: TrayState): string {
  switch (state.kind) {
    case 'running':
      return state.progress && state.progress.total
        ? `Returns Station — batch running: ${state.progress.done}/${state.progress.total}`
        : 'Returns Station — batch running';
    case 'failed':
      return `Returns Station — last batch FAILED: ${state.lastRun.errorMessage ?? 'see Alerts'}`;
    case 'idle':
      return state.lastRun
        ? `Returns Station — last batch ${state.lastRun.timestamp}: ${state.lastRun.successful}/${state.lastRun.totalImages} filed`
        : 'Returns Station — no batch yet';
  }
}

export function trayMenuTemplate(state: TrayState, watching: boolean, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Returns Station', click: () => actions.open() },
    { type: 'separator' },
    {
      label: state.kind === 'running' ? 'Batch running…' : 'Run batch now',
      enabled: state.kind !== 'running',
      click: () => actions.runBatchNow(),
    },
    { label: 'Pause watching incoming/', type: 'checkbox', checked: !watching, click: () => actions.setWatching(!watching) },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
