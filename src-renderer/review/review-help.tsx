// The `?` overlay: every review key on one card.
import { categoryKey } from '../common/format.ts';

export function ReviewHelp({ categories, onClose }: { categories: string[]; onClose(): void }) {
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={onClose}>
      <div className="card" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">Review keys</h2>
        <dl className="keys">
          <dt>
            <kbd>Enter</kbd> <kbd>A</kbd>
          </dt>
          <dd>accept the model's category</dd>
          {categories.map((c, i) => (
            <div key={c}>
              <dt>
                <kbd>{categoryKey(i)}</kbd>
              </dt>
              <dd>{c}</dd>
            </div>
          ))}
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
          <dd>show / hide this card</dd>
        </dl>
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
