// "New category…" (N): the clerk names a category the model does not know; the name is checked as
// it is typed (the same rule the core applies), Enter adds it and files the item on screen under
// it, Escape leaves without adding anything. Where the model reads the photo as a kind none of its
// categories counts, the dialog offers that kind: taken, the category answers such photos from its
// first decision (src-main/station/desk/desk-kinds.ts).
import type { Prediction } from '../../src-shared/domain.ts';
import { pct } from '../common/format.ts';
import { Dialog } from '../common/dialog.tsx';
import { useId, useState, type FormEvent } from 'react';
import { MIN_EXAMPLES_PER_NEW_CATEGORY, categoryNameProblem, normaliseCategoryName } from '../../src-shared/desk-learning.ts';

/** The model's kind a new category may start from, for a photo: its kind when none of the model's
 * categories counts it (and no desk category took it: then the photo already has that answer). */
export type KindOffer = { label: string; name: string; probability: number };

export function kindOffer(p: Pick<Prediction, 'kind'> | null | undefined): KindOffer | null {
  const k = p?.kind;
  return k && k.categories.length === 0 ? { label: k.label, name: k.name, probability: k.probability } : null;
}

export function NewCategoryDialog({
  categories,
  initialName = '',
  offer = null,
  onConfirm,
  onCancel,
}: {
  categories: string[];
  initialName?: string;
  offer?: KindOffer | null;
  /** Adds the category (with the offered kind when taken) and decides the item; a rejection's
   * message is shown in the dialog. */
  onConfirm(name: string, kind: string | undefined): Promise<void>;
  onCancel(): void;
}) {
  const [name, setName] = useState(initialName);
  // Off until the clerk says so: a wrong kind would put its photos under this category.
  const [takeKind, setTakeKind] = useState(false);
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
      await onConfirm(normaliseCategoryName(name), offer && takeKind ? offer.label : undefined);
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
      {offer && (
        <label className="checkbox-row" data-testid="new-category-kind">
          <input type="checkbox" checked={takeKind} disabled={busy} onChange={(e) => setTakeKind(e.target.checked)} />
          <span>
            This is what the model calls <strong>{offer.name}</strong> (it reads this photo so, {pct(offer.probability, 0)}): photos it
            reads as {offer.name} get this category from now on, for a person to confirm.
          </span>
        </label>
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
