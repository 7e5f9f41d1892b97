// The `?` overlay: every review key on one card.
import { OTHER_CATEGORY } from '../../src-shared/desk-learning.ts';
import { Dialog } from '../common/dialog.tsx';
import { GRADES } from '../../src-shared/receiving.ts';
import { DIGIT_KEYS, keyForCategory } from '../common/category-keys.ts';
import { gradeKey } from '../common/grade-keys.ts';

export function ReviewHelp({ categories, onClose }: { categories: string[]; onClose(): void }) {
  const more = categories.length - DIGIT_KEYS;
  return (
    <Dialog titleId="help-title" testId="review-help" onDismiss={onClose}>
      <h2 id="help-title">Review keys</h2>
      <dl className="keys">
        <dt>
          <kbd>Enter</kbd> <kbd>A</kbd>
        </dt>
        <dd>accept the model's category</dd>
        {categories.slice(0, DIGIT_KEYS).map((c) => (
          <div key={c}>
            <dt>
              <kbd>{keyForCategory(c, categories)}</kbd>
            </dt>
            <dd>{c}</dd>
          </div>
        ))}
        <dt>
          <kbd className="letter-key">O</kbd>
        </dt>
        <dd>{OTHER_CATEGORY}: none of these, not a return category</dd>
        <dt>
          <kbd>/</kbd> <kbd>C</kbd>
        </dt>
        <dd>
          find a category by typing{more > 0 ? ` (the only key for the other ${more}: ${categories.slice(DIGIT_KEYS).join(', ')})` : ''};{' '}
          <kbd>↑</kbd> <kbd>↓</kbd> and <kbd>Enter</kbd> pick
        </dd>
        <dt>
          <kbd>N</kbd>
        </dt>
        <dd>new category… (named here, then the item is filed under it)</dd>
        <dt>
          <kbd>Shift+1</kbd>…<kbd>Shift+4</kbd>
        </dt>
        <dd data-testid="help-grades">
          grade the item: {GRADES.map((g) => `${gradeKey(g)} ${g}`).join(', ')} (its disposition follows the rule table; change it in the
          list)
        </dd>
        <dt>
          <kbd>Space</kbd>
        </dt>
        <dd>defer (back of the queue)</dd>
        <dt>
          <kbd>F</kbd>
        </dt>
        <dd>flag for a supervisor</dd>
        <dt>
          <kbd>Backspace</kbd>
        </dt>
        <dd>undo the last decision (again for earlier ones)</dd>
        <dt>
          <kbd>?</kbd> <kbd>Esc</kbd>
        </dt>
        <dd>show / hide this card (Esc also closes a dialog or the list)</dd>
      </dl>
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </Dialog>
  );
}
