// The last 10 decisions of this session, newest first; each can be changed to another category
// (a new decision, stored beside the old one).
import type { SessionDecision } from './review-session.ts';

const ACTION: Record<string, string> = { accept: 'accepted', override: 'changed to', defer: 'deferred', flag: 'flagged' };

export function RecentDecisions({
  decisions,
  categories,
  onEdit,
}: {
  decisions: SessionDecision[];
  categories: string[];
  onEdit(decisionId: number, item: SessionDecision['item'], category: string): void;
}) {
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
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => (
            <tr key={d.decisionId}>
              <td>{d.item.returnId ?? d.item.fileName}</td>
              <td>{ACTION[d.action] ?? d.action}</td>
              <td>
                <select
                  aria-label={`Category for ${d.item.returnId ?? d.item.fileName}`}
                  value={d.category ?? ''}
                  onChange={(e) => e.target.value && onEdit(d.decisionId, d.item, e.target.value)}
                >
                  <option value="">—</option>
                  {categories.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </td>
              <td className="muted">{(d.durationMs / 1000).toFixed(1)} s</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
