// The grade buttons (with their Shift+digit keys) and the disposition list of one item, at Intake
// and in Review. The keys themselves are handled by each screen (grade-keys.ts); a mouse click on a
// grade keeps focus where it was, so the screen's keys go on working.
import { DISPOSITIONS, GRADES, type Disposition } from '../../src-shared/receiving.ts';
import { gradeKey } from './grade-keys.ts';
import type { Condition } from './use-condition.ts';

export function ConditionControls({ condition: c }: { condition: Condition }) {
  return (
    <div className="condition" data-testid="condition">
      <div className="row" role="group" aria-label="Condition grade">
        {GRADES.map((g) => (
          <button
            key={g}
            type="button"
            aria-pressed={c.grade === g}
            aria-keyshortcuts={gradeKey(g)}
            className={c.grade === g ? 'chosen' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void c.setGrade(g)}
            data-testid={`grade-${g}`}
          >
            <kbd>{gradeKey(g)}</kbd> {g}
          </button>
        ))}
      </div>
      <label>
        Disposition{' '}
        <select
          value={c.from === 'person' ? (c.disposition ?? '') : ''}
          onChange={(e) => void c.choose((e.target.value || null) as Disposition | null)}
          disabled={!c.grade}
          data-testid="disposition"
        >
          <option value="">{c.grade ? `by the rule table: ${c.disposition ?? '—'}` : 'grade first'}</option>
          {DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <span className="muted" data-testid="disposition-shown">
        {c.grade ? `${c.grade} → ${c.disposition ?? '—'}${c.from === 'person' ? ' (chosen)' : ''}` : 'Not graded yet.'}
      </span>
      {c.error && (
        <p className="message error" role="alert">
          {c.error}
        </p>
      )}
    </div>
  );
}
