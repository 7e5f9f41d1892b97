// Find a return's state: what is typed, the answer to the latest query (an older answer arriving
// late never replaces a newer one), which match is open, and the error line. Typing searches once
// three characters are in (a short pause first, so a scanner's burst asks once); Enter searches at
// once and opens the match when there is only one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FindReturnResult } from '../../src-shared/receiving.ts';
import { useStation } from '../station-context.tsx';

const PAUSE_MS = 200;
export const MIN_QUERY = 3;

export function useFindReturn() {
  const { client } = useStation();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<FindReturnResult | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const search = useCallback(
    async (q: string) => {
      const seq = ++latest.current;
      try {
        const r = await client.call('findReturn', { query: q.trim() });
        if (seq !== latest.current) return;
        setResult(r);
        setError(null);
        // One return (a scanned id, an order with one return): its details straight away.
        setOpenId(r.matches.length === 1 ? r.matches[0]!.returnId : null);
      } catch (e) {
        if (seq === latest.current) setError((e as Error).message);
      }
    },
    [client],
  );

  useEffect(() => {
    if (query.trim().length < MIN_QUERY) {
      latest.current++;
      setResult(null);
      setOpenId(null);
      return;
    }
    const t = setTimeout(() => void search(query), PAUSE_MS);
    return () => clearTimeout(t);
  }, [query, search]);

  const open = result?.matches.find((m) => m.returnId === openId) ?? null;
  return { query, setQuery, result, open, setOpenId, error, searchNow: () => search(query) };
}
