// The type-to-filter list (/ or C): every category and Other, narrowed as the clerk types; arrows
// move, Enter files the item, Escape closes. It reaches the categories past the tenth, which have
// no digit key, and offers to add the typed name when no category has it.
import { Dialog } from '../common/dialog.tsx';
import { useId, useState, type KeyboardEvent } from 'react';
import { moveHighlight, pickerOptions, type PickerOption } from './category-filter.ts';

export function CategoryPicker({
  categories,
  title = 'File under…',
  onPick,
  onNew,
  onCancel,
}: {
  categories: string[];
  /** The heading: what picking a category does. */
  title?: string;
  onPick(category: string): void;
  /** The typed name is new: open the new-category dialog with it. */
  onNew(name: string): void;
  onCancel(): void;
}) {
  const [query, setQuery] = useState('');
  const [highlight, setHighlight] = useState(0);
  const options = pickerOptions(categories, query);
  const at = Math.min(highlight, Math.max(0, options.length - 1));
  const ids = useId();
  const optionId = (i: number) => `${ids}-option-${i}`;

  const choose = (o: PickerOption | undefined) => {
    if (!o) return;
    if (o.kind === 'new') onNew(o.name);
    else onPick(o.category);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Every key stays in the list: none reaches the review shortcuts behind it.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      choose(options[at]);
      return;
    }
    const next = moveHighlight(at, e.key, options.length);
    if (next !== null) {
      e.preventDefault();
      setHighlight(next);
      document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
    }
  };

  return (
    <Dialog className="picker" titleId={`${ids}-title`} testId="category-picker" onDismiss={onCancel} onKeyDown={onKeyDown}>
      <h2 id={`${ids}-title`}>{title}</h2>
      <input
        type="text"
        role="combobox"
        aria-label="Filter categories"
        aria-expanded="true"
        aria-controls={`${ids}-list`}
        aria-activedescendant={options.length ? optionId(at) : undefined}
        aria-autocomplete="list"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setHighlight(0);
        }}
        data-testid="category-filter"
      />
      <ul className="picker-options" role="listbox" id={`${ids}-list`} aria-label="Categories" data-testid="category-options">
        {options.map((o, i) => (
          <li
            key={o.kind === 'new' ? `new:${o.name}` : o.category}
            id={optionId(i)}
            role="option"
            aria-selected={i === at}
            className={i === at ? 'highlighted' : undefined}
            data-category={o.kind === 'category' ? o.category : undefined}
            data-testid={o.kind === 'new' ? 'category-option-new' : 'category-option'}
            onMouseMove={() => i !== at && setHighlight(i)}
            onClick={() => choose(o)}
          >
            {o.kind === 'category' ? (
              <>
                <span>{o.category}</span>
                {o.key && <kbd className={o.key === 'O' ? 'letter-key' : undefined}>{o.key}</kbd>}
              </>
            ) : (
              <span>New category “{o.name}”…</span>
            )}
          </li>
        ))}
      </ul>
      {options.length === 0 && (
        <p className="muted" role="status">
          No category matches.
        </p>
      )}
      <p className="muted small">
        <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> file here · <kbd>Esc</kbd> close
      </p>
    </Dialog>
  );
}
