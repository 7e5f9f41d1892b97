// "New category…" (N): the clerk names a category the model does not know; the name is checked as
// it is typed (the same rule the core applies), Enter adds it and files the item on screen under
// it, Escape leaves without adding anything.
import { Dialog } from '../common/dialog.tsx';
import { useId, useState, type FormEvent } from 'react';
import { MIN_EXAMPLES_PER_NEW_CATEGORY, categoryNameProblem, normaliseCategoryName } from '../../src-shared/desk-learning.ts';

export function NewCategoryDialog({
  categories,
  initialName = '',
  onConfirm,
  onCancel,
}: {
  categories: string[];
  initialName?: string;
  /** Adds the category and decides the item; a rejection's message is shown in the dialog. */
  onConfirm(name: string): Promise<void>;
  onCancel(): void;
}) {
  const [name, setName] = useState(initialName);
  // The empty-name sentence only after a try: an empty field on opening is not a mistake.
  const [tried, setTried] = useState(initialName !== '');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const ids = useId();
  const problem = categoryNameProblem(name, categories);
  const shown = problem && (tried || name.trim() !== '') ? problem : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (problem || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm(normaliseCategoryName(name));
    } catch (err) {
      setFailure((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <Dialog
      titleId={`${ids}-title`}
      testId="new-category-dialog"
      onDismiss={busy ? undefined : onCancel}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        // Keys typed here are the name, never review shortcuts.
        e.stopPropagation();
        if (e.key === 'Escape' && !busy) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 id={`${ids}-title`}>New category</h2>
      <input
        type="text"
        aria-label="New category name"
        aria-invalid={shown ? true : undefined}
        aria-describedby={`${ids}-problem`}
        autoFocus
        autoComplete="off"
        maxLength={64}
        value={name}
        disabled={busy}
        onChange={(e) => {
          setName(e.target.value);
          setFailure(null);
        }}
        data-testid="new-category-name"
      />
      <p
        id={`${ids}-problem`}
        className={shown ? 'field-problem error' : 'field-problem muted'}
        aria-live="polite"
        data-testid="new-category-problem"
      >
        {shown ?? 'Letters, digits, spaces and dashes; at most 40 characters.'}
      </p>
      {failure && (
        <p className="message error" role="alert" data-testid="new-category-error">
          {failure}
        </p>
      )}
      <p className="muted small">
        The item on screen is filed under it at once. The desk head learns to predict it after {MIN_EXAMPLES_PER_NEW_CATEGORY} decisions.
      </p>
      <div className="row">
        <button type="submit" className="primary" disabled={busy} aria-disabled={problem !== null} data-testid="new-category-confirm">
          {busy ? 'Adding…' : 'Add and file here (Enter)'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy} data-testid="new-category-cancel">
          Cancel (Esc)
        </button>
      </div>
    </Dialog>
  );
}
