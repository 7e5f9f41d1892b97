// Settings → Desk learning: the head predictions use now, the review decisions it learns from, a
// Retrain now, and every head fitted for the current model with its check against the base model.
// Only a head that beat the base model may be used; the base model is always one click away.
import { useEffect, useState } from 'react';
import type { DeskHead, DeskLearningState } from '../../src-shared/desk-learning.ts';
import { AUTO_RULE_TEXT, MIN_EXAMPLES_PER_NEW_CATEGORY } from '../../src-shared/desk-learning.ts';
import { pct } from '../common/format.ts';
import { useCategories, useStation, useStationEvent } from '../station-context.tsx';
import { evidenceRows, exampleRows, inUseSummary, retrainVerdict } from './desk-learning-view.ts';
import { Section } from './settings-section.tsx';

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export function DeskLearningSection() {
  const { client, status } = useStation();
  const categories = useCategories();
  const [state, setState] = useState<DeskLearningState | null>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ kind: 'verdict' | 'error'; text: string } | null>(null);

  useEffect(() => {
    client.call('deskLearning', {}).then(setState, (e: Error) => setMessage({ kind: 'error', text: e.message }));
  }, [client]);
  // Fits start and end (nightly or another window's Retrain now) and heads are chosen elsewhere.
  useStationEvent('desk-learning', setState);

  async function act(work: () => Promise<DeskLearningState>) {
    setPending(true);
    try {
      setState(await work());
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setPending(false);
    }
  }
  const retrain = () =>
    act(async () => {
      setMessage(null);
      const r = await client.call('retrainDeskHead', {});
      setMessage({ kind: 'verdict', text: retrainVerdict(r) });
      return r.state;
    });
  const use = (headId: number | null) =>
    act(async () => {
      setMessage(null);
      return client.call('useDeskHead', { headId });
    });

  return (
    <Section
      title="Desk learning"
      id="desk-learning"
      wide
      note={`Each night (and on Retrain now) a desk head is fitted on the review decisions and checked on the most recent fifth of them, kept out of its fit. It is used only if it beats the base model there. A new desk category needs ${MIN_EXAMPLES_PER_NEW_CATEGORY} decisions before a head can predict it. ${AUTO_RULE_TEXT} Until then its answer comes first in Review.`}
    >
      <div data-testid="desk-learning" aria-busy={!state || state.fitting}>
        {!state && !message && <p className="muted">Loading…</p>}
        {state && (
          <>
            <p>
              In use: <strong data-testid="desk-head-in-use">{inUseSummary(state, when)}</strong>
            </p>
            <HeadEvidence head={state.heads.find((h) => h.id === state.inUse) ?? null} />
            <h3>Examples ({state.examples.toLocaleString()} decisions)</h3>
            <ul className="examples" data-testid="desk-examples">
              {exampleRows(state, categories, status?.model.labels ?? []).map((r) => (
                <li
                  key={r.category}
                  className={r.needsMore ? 'chip short' : 'chip'}
                  data-category={r.category}
                  title={r.needsMore ? `A head predicts it from ${MIN_EXAMPLES_PER_NEW_CATEGORY} decisions on` : undefined}
                >
                  {r.category} <strong>{r.count.toLocaleString()}</strong>
                  {r.needsMore && <span className="muted"> / {MIN_EXAMPLES_PER_NEW_CATEGORY}</span>}
                </li>
              ))}
            </ul>
            <div className="row">
              <button
                type="button"
                className="primary"
                onClick={() => void retrain()}
                disabled={state.fitting || pending}
                data-testid="desk-retrain"
              >
                {state.fitting ? 'Fitting…' : 'Retrain now'}
              </button>
              <button type="button" onClick={() => void use(null)} disabled={state.inUse === null || pending} data-testid="desk-use-base">
                Use base model
              </button>
            </div>
            {!message && state.lastProblem && (
              <p className="muted" data-testid="desk-last-problem">
                Last attempt: {state.lastProblem}
              </p>
            )}
          </>
        )}
        {message && (
          <p
            className={message.kind === 'error' ? 'message error' : 'message'}
            role={message.kind === 'error' ? 'alert' : 'status'}
            data-testid="desk-retrain-result"
          >
            {message.text}
          </p>
        )}
        {state && state.heads.length > 0 && <HeadsTable state={state} pending={pending} onUse={(id) => void use(id)} />}
        {state && state.heads.length === 0 && <p className="muted">No desk head has been fitted for this model yet.</p>}
      </div>
    </Section>
  );
}

/** The head in use: how close each category is to auto-approving doubted photos, and the categories
 * that keep the base model's answer. */
function HeadEvidence({ head }: { head: DeskHead | null }) {
  if (!head) return null;
  const rows = evidenceRows(head);
  return (
    <>
      <h3>Auto-approval of doubted photos</h3>
      {rows.length === 0 ? (
        <p className="muted">No category has answers on decisions the head never saw yet.</p>
      ) : (
        <ul className="examples" data-testid="desk-evidence">
          {rows.map((r) => (
            <li key={r.category} className="chip" data-category={r.category}>
              {r.category}{' '}
              {r.earned ? (
                <strong>auto-approves</strong>
              ) : (
                <>
                  <strong>{r.answers.toLocaleString()}</strong>
                  <span className="muted">
                    {' '}
                    of {r.needed.toLocaleString()} answers{r.wrong ? `, ${r.wrong} wrong` : ''}
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {head.guarded.length > 0 && (
        <p data-testid="desk-guarded">
          Keep the base model's answer (the head did worse there): <strong>{head.guarded.join(', ')}</strong>
          {head.guardExceptions.length > 0 && (
            <> (except the moves it proved: {head.guardExceptions.map(([from, to]) => `${from} → ${to}`).join(', ')})</>
          )}
        </p>
      )}
    </>
  );
}

function HeadsTable({ state, pending, onUse }: { state: DeskLearningState; pending: boolean; onUse(headId: number): void }) {
  return (
    <div className="heads-table">
      <table data-testid="desk-heads">
        <thead>
          <tr>
            <th>Head</th>
            <th>Fitted</th>
            <th>Decisions</th>
            <th title="Share of the check decisions put in the right category">Check accuracy</th>
            <th title="Check decisions that would have been auto-approved into a wrong category">Wrong auto-approved</th>
            <th>Verdict</th>
            <th aria-label="Use" />
          </tr>
        </thead>
        <tbody>
          {state.heads.map((h) => (
            <HeadRow key={h.id} head={h} inUse={h.id === state.inUse} pending={pending} onUse={onUse} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HeadRow({ head: h, inUse, pending, onUse }: { head: DeskHead; inUse: boolean; pending: boolean; onUse(headId: number): void }) {
  return (
    <tr className={inUse ? 'in-use' : undefined} data-testid="desk-head-row" data-head-id={h.id} aria-current={inUse ? 'true' : undefined}>
      <td>
        #{h.id}
        {inUse && <span className="tag">in use</span>}
      </td>
      <td>
        {when(h.createdAt)} <span className="muted">({h.trigger})</span>
      </td>
      <td>
        {h.examples.toLocaleString()} <span className="muted">+ {h.checkExamples.toLocaleString()} check</span>
      </td>
      <td data-col="accuracy">
        {pct(h.checkAccuracy, 1)} <span className="muted">vs {pct(h.baseCheckAccuracy, 1)} base</span>
      </td>
      <td data-col="wrong-auto">
        {h.checkWrongAuto} <span className="muted">vs {h.baseCheckWrongAuto} base</span>
      </td>
      <td className="verdict">
        <span className={h.accepted ? 'verdict-accepted' : 'verdict-refused'}>{h.accepted ? 'Accepted' : 'Refused'}</span>{' '}
        <span className="muted">{h.reason}</span>
      </td>
      <td>
        {h.accepted && !inUse && (
          <button
            type="button"
            onClick={() => onUse(h.id)}
            disabled={pending}
            aria-label={`Use desk head #${h.id}`}
            data-testid="desk-head-use"
          >
            Use
          </button>
        )}
      </td>
    </tr>
  );
}
