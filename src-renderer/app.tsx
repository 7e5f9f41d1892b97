// The frame around every screen: a sidebar (Intake, Review, Find, Pick lists, History, Alerts,
// Settings) with the unacknowledged-alert count and the batch state, hash routes (they survive a
// reload and let a notification open a screen), Ctrl+F to Find a return from anywhere, and the toasts.
import { useEffect, useState, type ComponentType } from 'react';
import { batchNotice } from '../src-shared/batch-notice.ts';
import { AlertsScreen } from './alerts/alerts-screen.tsx';
import { FindScreen, FOCUS_FIND_EVENT } from './find/find-screen.tsx';
import { HistoryScreen } from './history/history-screen.tsx';
import { PickListsScreen } from './picklists/picklists-screen.tsx';
import { IntakeScreen } from './intake/intake-screen.tsx';
import { ReviewScreen } from './review/review-screen.tsx';
import { SettingsScreen } from './settings/settings-screen.tsx';
import { markScreenChange } from './common/screen-heading.tsx';
import { Toasts } from './common/toasts.tsx';
import { useStation, useStationEvent } from './station-context.tsx';

export type Route = 'intake' | 'review' | 'find' | 'picklists' | 'history' | 'alerts' | 'settings';

const NAV: { route: Route; label: string; Screen: ComponentType }[] = [
  { route: 'intake', label: 'Intake', Screen: IntakeScreen },
  { route: 'review', label: 'Review', Screen: ReviewScreen },
  { route: 'find', label: 'Find a return', Screen: FindScreen },
  { route: 'picklists', label: 'Pick lists', Screen: PickListsScreen },
  { route: 'history', label: 'History', Screen: HistoryScreen },
  { route: 'alerts', label: 'Alerts', Screen: AlertsScreen },
  { route: 'settings', label: 'Settings', Screen: SettingsScreen },
];

function routeFromHash(): Route {
  const r = location.hash.replace(/^#\/?/, '');
  return (NAV.find((n) => n.route === r)?.route ?? 'intake') as Route;
}

export function navigate(route: Route): void {
  location.hash = `#/${route}`;
}

export function App() {
  const { status, statusError, client, toast } = useStation();
  const [route, setRoute] = useState<Route>(routeFromHash);

  useEffect(() => {
    const onHash = () => {
      markScreenChange();
      setRoute(routeFromHash());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Ctrl+F (Cmd+F on a Mac) finds a return from any screen, instead of the browser's find in page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'f') return;
      if (document.querySelector('dialog[open]')) return; // a dialog keeps the keyboard
      e.preventDefault();
      if (routeFromHash() === 'find') window.dispatchEvent(new Event(FOCUS_FIND_EVENT));
      else navigate('find');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The app shows a native notification (src-main/shell); browser mode has only this toast.
  useStationEvent('batch-finished', (run) => {
    if (client.transport !== 'browser') return;
    const n = batchNotice(run);
    toast({ kind: run.status === 'failed' ? 'error' : run.failed ? 'warning' : 'success', title: n.title, body: n.body, opens: n.opens });
  });

  const unack = status?.unacknowledgedAlerts ?? 0;
  const batch = status?.batch;
  const Screen = NAV.find((n) => n.route === route)!.Screen;

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">
          <img src="icon.svg" alt="" width={32} height={32} />
          <span>Returns Station</span>
        </div>
        <ul>
          {NAV.map((n) => (
            <li key={n.route}>
              <a
                href={`#/${n.route}`}
                aria-keyshortcuts={n.route === 'find' ? 'Control+F' : undefined}
                className={route === n.route ? 'active' : undefined}
                aria-current={route === n.route ? 'page' : undefined}
              >
                <span>{n.label}</span>
                {n.route === 'find' && (
                  <kbd className="nav-key" aria-hidden="true">
                    Ctrl+F
                  </kbd>
                )}
                {n.route === 'alerts' && unack > 0 && (
                  <span className="badge" aria-label={`${unack} unacknowledged alerts`} data-testid="alert-count">
                    {unack}
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-status" aria-live="polite">
          {statusError && <p className="error">Station unreachable: {statusError}</p>}
          {batch && (
            <div>
              <p>
                Batch running: {batch.done}/{batch.total}
              </p>
              <progress max={Math.max(1, batch.total)} value={batch.done} />
            </div>
          )}
          {status && !batch && <p className="muted">{status.watching ? 'Watching incoming/' : 'Watching paused'}</p>}
          {status?.nextBatchAt && <p className="muted">Next batch {new Date(status.nextBatchAt).toLocaleString()}</p>}
        </div>
      </nav>
      <main className="screen">
        <Screen key={route} />
      </main>
      <Toasts onOpen={(r) => navigate(r as Route)} />
    </div>
  );
}
