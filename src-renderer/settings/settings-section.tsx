// One section of the Settings screen (and the threshold input two of its fields share): its own form and Save button, and its own "Saved and applied"
// or error line, so a mistake in one section never blocks another.
import { useState, type FormEvent, type ReactNode } from 'react';

export function Section({
  title,
  id,
  children,
  onSave,
  note,
  wide = false,
}: {
  title: string;
  id: string;
  children: ReactNode;
  onSave?(): Promise<void>;
  note?: ReactNode;
  /** Spans the whole grid row (a table too wide for one column). */
  wide?: boolean;
}) {
  const [state, setState] = useState<{ kind: 'idle' | 'saved' | 'error'; text?: string }>({ kind: 'idle' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!onSave) return;
    try {
      await onSave();
      setState({ kind: 'saved', text: 'Saved and applied.' });
    } catch (err) {
      setState({ kind: 'error', text: (err as Error).message });
    }
  };
  return (
    <form
      className={wide ? 'settings-section wide' : 'settings-section'}
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
      data-testid={`settings-${id}`}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      {note && <p className="muted">{note}</p>}
      {onSave && (
        <div className="row">
          <button type="submit" className="primary">
            Save
          </button>
          {state.kind !== 'idle' && (
            <span className={state.kind === 'error' ? 'error' : 'saved'} role={state.kind === 'error' ? 'alert' : 'status'}>
              {state.text}
            </span>
          )}
        </div>
      )}
    </form>
  );
}

/** A confidence threshold between 0 and 1. */
export function ThresholdInput({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  testId: string;
}) {
  return (
    <label>
      {label}{' '}
      <input type="number" min="0" max="1" step="0.001" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}
