// An item's condition as a clerk sets it at Intake or in Review: its grade, and its disposition
// (the rule table's for its category and grade, unless the clerk chose another). Each change is a
// setItemCondition request; what the core answers is what is shown.
import { useCallback, useEffect, useState } from 'react';
import type { Item } from '../../src-shared/domain.ts';
import { dispositionFor, type Disposition, type Grade, type ItemCondition } from '../../src-shared/receiving.ts';
import { useStation } from '../station-context.tsx';
import { useStoredSettings } from '../settings/use-stored-settings.ts';

export interface Condition {
  grade: Grade | null;
  disposition: Disposition | null;
  /** 'person' once a clerk chose the disposition; else the rule table's. */
  from: ItemCondition['dispositionFrom'];
  error: string | null;
  setGrade(g: Grade): Promise<void>;
  /** null: back to the rule table's. */
  choose(d: Disposition | null): Promise<void>;
}

export function useCondition(item: Item | null, clerk: string): Condition {
  const { client } = useStation();
  const { settings } = useStoredSettings();
  const [saved, setSaved] = useState<ItemCondition | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => (setSaved(null), setError(null)), [item?.id]);

  const current = saved?.itemId === item?.id ? saved : null;
  const grade = current ? current.grade : (item?.grade ?? null);
  const chosen = current?.dispositionFrom === 'person' ? current.disposition : null;
  const rules = settings?.dispositionRules;
  // A person's choice stays; the rule table's follows the item's category now (a correction after
  // grading changes it).
  const disposition = chosen ?? (rules && item ? dispositionFor(rules, item.category, grade) : null);

  const send = useCallback(
    async (g: Grade | null, d: Disposition | null) => {
      if (!item) return;
      try {
        setSaved(await client.call('setItemCondition', { itemId: item.id, grade: g, disposition: d, clerk }));
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [client, clerk, item],
  );
  return {
    grade,
    disposition,
    from: current?.dispositionFrom ?? (disposition ? 'rule' : null),
    error,
    setGrade: (g) => send(g, chosen),
    choose: (d) => send(grade, d),
  };
}
