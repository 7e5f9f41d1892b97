// A drift flag's look-alike photos (a 'new-kind' flag: "40 photos look alike and match no
// category"), as thumbnails by item id, closest to the group's centre first, with "+N more" for the
// rest; and the hook that asks the station for a flag with its group, by the flag's id (History) or
// its alert's (Alerts). Nothing is drawn for a flag without a group.
import { useEffect, useState } from 'react';
import type { DriftFlag, DriftFlagView } from '../../src-shared/audit.ts';
import { localDateTime } from '../../src-shared/local-time.ts';
import { useStation } from '../station-context.tsx';

/** "cleared by Ana on 2025-10-14 09:00" / "cleared by the audit on …"; null while the flag is open. */
export function flagClearedText(flag: DriftFlag): string | null {
  if (flag.clearedAt === null) return null;
  const who = flag.clearedHow === 'audit' ? 'by the audit' : `by ${flag.clearedBy}`;
  return `cleared ${who} on ${localDateTime(new Date(flag.clearedAt))}`;
}

export function DriftGroup({ group }: { group: DriftFlagView['group'] }) {
  const { client } = useStation();
  if (group.items.length === 0) return null;
  const more = group.total - group.items.length;
  return (
    <figure className="drift-group" data-testid="drift-group">
      <ul className="drift-group-thumbs">
        {group.items.map((i) => (
          <li key={i.itemId}>
            <img src={client.photoUrl(i.itemId, 'thumb')} alt={`Photo ${i.fileName}`} width={64} height={64} />
          </li>
        ))}
      </ul>
      <figcaption className="muted">
        {group.total} look-alike photo{group.total === 1 ? '' : 's'}
        {more > 0 && <span data-testid="drift-group-more"> (+{more} more)</span>}
      </figcaption>
    </figure>
  );
}

/** A drift flag with its group, by the flag's id or by its alert's; null while loading, or when the
 * station has none (an alert raised without a flag). */
export function useDriftFlagView(by: { id: number } | { alertId: number }): DriftFlagView | null {
  const { client } = useStation();
  const [view, setView] = useState<DriftFlagView | null>(null);
  const id = 'id' in by ? by.id : undefined;
  const alertId = 'alertId' in by ? by.alertId : undefined;
  useEffect(() => {
    let live = true;
    client.call('getDriftFlag', id !== undefined ? { id } : { alertId }).then(
      (v) => live && setView(v),
      () => live && setView(null),
    );
    return () => {
      live = false;
    };
  }, [client, id, alertId]);
  return view;
}
