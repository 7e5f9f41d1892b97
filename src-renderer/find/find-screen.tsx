// Find a return (Ctrl+F from any screen): scan or type a return id or an order id; part of one lists
// every match, and a match opens its photos with who decided each, grade, disposition, location,
// what was announced against what arrived, and the timeline. Focus starts in the search field (the
// scanner types there); the list of matches is reached with Tab or ↓ and opened with Enter.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { ScreenHeading } from '../common/screen-heading.tsx';
import { FoundReturnView } from './found-return-view.tsx';
import { MIN_QUERY, useFindReturn } from './use-find-return.ts';

/** Fired by the app's Ctrl+F when this screen is already open: back to the search field. */
export const FOCUS_FIND_EVENT = 'rs-focus-find';

export function FindScreen() {
  const find = useFindReturn();
  const { result, open } = find;
  const field = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  // After the heading's own focus (this effect runs after its child's): the field takes the keys.
  useEffect(() => {
    const toField = () => (field.current?.focus(), field.current?.select());
    toField();
    window.addEventListener(FOCUS_FIND_EVENT, toField);
    return () => window.removeEventListener(FOCUS_FIND_EVENT, toField);
  }, []);

  function fieldKey(e: KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      list.current?.querySelector<HTMLButtonElement>('button')?.focus();
    }
  }
  function listKey(e: KeyboardEvent) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'ArrowDown' ? buttons[i + 1] : i <= 0 ? field.current : buttons[i - 1];
    next?.focus();
  }

  return (
    <section className="find" aria-labelledby="find-title">
      <header className="screen-header">
        <ScreenHeading id="find-title">Find a return</ScreenHeading>
      </header>
      <form
        className="scan-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (find.query.trim().length >= MIN_QUERY) void find.searchNow();
        }}
      >
        <label htmlFor="find-query">Return id or order id</label>
        <input
          id="find-query"
          ref={field}
          autoComplete="off"
          spellCheck={false}
          placeholder="Scan or type (3 characters or more), then Enter"
          value={find.query}
          onChange={(e) => find.setQuery(e.target.value)}
          onKeyDown={fieldKey}
          aria-describedby="find-count"
          data-testid="find-query"
        />
      </form>
      <p id="find-count" className="muted" role="status" data-testid="find-count">
        {result
          ? `${result.matches.length}${result.truncated ? '+' : ''} return${result.matches.length === 1 ? '' : 's'} found for “${result.query}”${result.truncated ? ': type more to narrow it' : ''}.`
          : `Type at least ${MIN_QUERY} characters of a return id or an order id.`}
      </p>
      {find.error && (
        <p className="message error" role="alert">
          {find.error}
        </p>
      )}
      {result && result.matches.length > 1 && (
        <ul className="find-matches" ref={list} onKeyDown={listKey} aria-label="Matching returns" data-testid="find-matches">
          {result.matches.map((m) => (
            <li key={m.returnId}>
              <button
                type="button"
                aria-pressed={open?.returnId === m.returnId}
                onClick={() => find.setOpenId(m.returnId)}
                data-testid="find-match"
              >
                <span className="mono">{m.returnId}</span> <span className="muted">order {m.orderId ?? '—'}</span>{' '}
                <span className="muted">
                  · {m.items.length} photo{m.items.length === 1 ? '' : 's'}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && <FoundReturnView found={open} />}
    </section>
  );
}
