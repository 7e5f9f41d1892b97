// One Settings section's unsaved edit. Until the clerk types, the field shows the stored value
// (kept fresh by events); once edited it shows the draft, whatever another section saves or the
// station announces meanwhile, until this section's own save succeeds.
import { useCallback, useState } from 'react';

export interface Draft<T> {
  value: T;
  set(next: T | ((current: T) => T)): void;
  /** Stores the draft through `save` (its patch made by the section); on success the field follows
   * the stored value again, on failure the draft stays for the clerk to correct. */
  commit(save: (value: T) => Promise<void>): Promise<void>;
}

export function useDraft<T>(stored: T): Draft<T> {
  const [draft, setDraft] = useState<{ value: T } | null>(null);
  const value = draft ? draft.value : stored;
  const set = useCallback(
    (next: T | ((current: T) => T)) =>
      setDraft((d) => ({ value: typeof next === 'function' ? (next as (c: T) => T)(d ? d.value : stored) : next })),
    [stored],
  );
  const commit = async (save: (v: T) => Promise<void>) => {
    await save(value);
    setDraft(null);
  };
  return { value, set, commit };
}
