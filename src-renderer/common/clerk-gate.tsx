// Who is working: asked once per session (decisions are stored with the clerk's name). Names come
// from the settings' clerk list; any name can be typed when the list is empty or lacks it.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ScreenHeading } from './screen-heading.tsx';
import { useStation } from '../station-context.tsx';

export function ClerkGate({ children }: { children: ReactNode }) {
  const { clerk, setClerk, client } = useStation();
  const [names, setNames] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    client.call('getSettings', {}).then(
      (s) => setNames(s.clerks),
      () => {},
    );
  }, [client]);
  if (clerk) return <>{children}</>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed.trim()) setClerk(typed.trim());
  };
  return (
    <section className="clerk-gate" aria-labelledby="clerk-title">
      <ScreenHeading id="clerk-title">Who is reviewing?</ScreenHeading>
      <p className="muted">Each decision is stored with your name. You are asked once per session.</p>
      {names.length > 0 && (
        <div className="clerk-list">
          {names.map((n) => (
            <button key={n} type="button" onClick={() => setClerk(n)}>
              {n}
            </button>
          ))}
        </div>
      )}
      <form onSubmit={submit} className="row">
        <label>
          Name <input autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={64} data-testid="clerk-name" />
        </label>
        <button type="submit" disabled={!typed.trim()}>
          Start
        </button>
      </form>
    </section>
  );
}
