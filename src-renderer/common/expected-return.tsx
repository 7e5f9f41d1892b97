// What was announced for a return id, beside what arrived: at Intake right after the scan, and in
// Review for an item that is not what was expected (expected and predicted side by side).
import { useEffect, useState } from 'react';
import type { Item } from '../../src-shared/domain.ts';
import type { ExpectedReturnInfo } from '../../src-shared/receiving.ts';
import { useStation } from '../station-context.tsx';

/** The announced return for `returnId`: undefined while asking, null when none was announced. */
export function useExpectedReturn(returnId: string | null): ExpectedReturnInfo | null | undefined {
  const { client } = useStation();
  const [answer, setAnswer] = useState<{ returnId: string; info: ExpectedReturnInfo | null } | null>(null);
  useEffect(() => {
    if (!returnId) return;
    let live = true;
    client.call('expectedReturn', { returnId }).then(
      (info) => live && setAnswer({ returnId, info }),
      () => live && setAnswer({ returnId, info: null }),
    );
    return () => void (live = false);
  }, [client, returnId]);
  return answer?.returnId === returnId ? answer.info : undefined;
}

export const expectedText = (e: ExpectedReturnInfo) =>
  e.categories.length ? `${e.categories.join(' or ')}${e.itemText ? ` (${e.itemText})` : ''}` : e.itemText;

/** "Expected: …" for a scanned return id. */
export function ExpectedLine({ returnId }: { returnId: string }) {
  const e = useExpectedReturn(returnId);
  if (e === undefined) return null;
  return (
    <p className={e ? 'expected-line' : 'expected-line warning'} role="status" data-testid="expected-line">
      {e ? (
        <>
          Expected: <strong>{expectedText(e)}</strong> <span className="muted">· order {e.orderId}</span>
        </>
      ) : (
        <>Not announced: this return id was never expected (the item is flagged as unexpected).</>
      )}
    </p>
  );
}

/** For an item that is not what was expected: the announced return and the prediction side by side. */
export function MismatchPanel({ item }: { item: Item }) {
  const e = useExpectedReturn(item.expectedMatch === 'mismatch' ? item.returnId : null);
  if (item.expectedMatch !== 'mismatch') return null;
  return (
    <div className="mismatch" role="note" aria-label="Not what was expected" data-testid="mismatch">
      <strong>Not what was expected</strong>
      <dl className="side-by-side">
        <div>
          <dt>Expected</dt>
          <dd data-testid="mismatch-expected">{e ? expectedText(e) : '…'}</dd>
        </div>
        <div>
          <dt>Predicted</dt>
          <dd data-testid="mismatch-predicted">{item.prediction?.category ?? item.category ?? '—'}</dd>
        </div>
      </dl>
    </div>
  );
}
