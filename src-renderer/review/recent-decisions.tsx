// The last 10 decisions of this session, newest first; each can be changed to another category
// (a new decision, stored beside the old one) through the type-to-filter list. A button, not a
// select: an arrow key on a closed select would change it, and so file a decision, by accident.
import type { SessionDecision } from './review-session.ts';

const ACTION: Record<string, string> = { accept: 'accepted', override: 'changed to', defer: 'deferred', flag: 'flagged' };

export function RecentDecisions({ decisions, onChange }: { decisions: SessionDecision[]; onChange(d: SessionDecision): void }) {
  if (!decisions.length) return null;
  return (
    <div className="recent">
      <h2>Last decisions</h2>
      <table data-testid="recent-decisions">
        <thead>
          <tr>
            <th>Return</th>
            <th>Decision</th>
            <th>Category</th>
            <th>Took</th>
            <th>
              <span className="visually-hidden">Change</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => {
            const name = d.item.returnId ?? d.item.fileName;
            return (
              <tr key={d.decisionId} data-testid="recent-decision">
                <td>{name}</td>
                <td>{ACTION[d.action] ?? d.action}</td>
                <td data-col="category">{d.category ?? '—'}</td>
                <td className="muted">{(d.durationMs / 1000).toFixed(1)} s</td>
                <td>
                  <button type="button" className="link" onClick={() => onChange(d)} aria-label={`Change the category of ${name}`}>
                    Change…
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
