// A category the model already knows starts known. When the desk adds a category (N in Review) for a
// photo whose kind none of the model's categories counts ("looks like Trousers"), the clerk may take
// the model's kind for it: from then on a doubted photo the model reads as that kind is answered with
// the desk's category, first in the review queue, before any desk head has learnt it. It is never
// auto-approved on the kind alone: auto-approval is earned by a desk head's evidence (desk-head.ts).
// Pure: intake, the batch and the replay of `npm run eval --adapt-from` answer through these.
import type { Guess, KindGuess, KindsVocabulary } from '../../../src-shared/domain.ts';
import { belowHigh } from './desk-head.ts';

/** kind label → the desk category it was given. */
export type DeskKinds = ReadonlyMap<string, string>;

export const NO_DESK_KINDS: DeskKinds = new Map();

/**
 * The kinds a category added for this photo may take: the photo's most likely kind when none of the
 * model's categories counts it, with every other such kind of the same name (the catalogue's
 * "Trousers" and photos' "trousers"), less those another desk category took already. Empty when the
 * kind is one of the model's own categories: those photos keep their category.
 */
export function kindsOffered(kind: Pick<KindGuess, 'label'> | null | undefined, vocab: KindsVocabulary, taken: DeskKinds): string[] {
  if (!kind || !vocab.labels.includes(kind.label)) return [];
  const name = vocab.names[kind.label];
  const free = (label: string) => (vocab.categories[label] ?? []).length === 0 && !taken.has(label);
  if (!free(kind.label)) return [];
  return [kind.label, ...vocab.labels.filter((l) => l !== kind.label && vocab.names[l] === name && free(l))];
}

/**
 * A doubted photo whose kind the desk gave a category: that category, at the kind's probability (never
 * auto-approved), with the model's own guesses after it. Null when the base model is sure (the kind
 * backs its answer then) or the kind has no desk category.
 */
export function answerWithDeskKinds(
  p: { kind?: KindGuess | null; top3: readonly Guess[] },
  base: Guess,
  deskKinds: DeskKinds,
  high: number,
): { category: string; confidence: number; top3: Guess[]; kind: KindGuess } | null {
  const category = p.kind ? deskKinds.get(p.kind.label) : undefined;
  if (!p.kind || category === undefined || base.confidence >= high) return null;
  const confidence = Math.min(p.kind.probability, belowHigh(high));
  const top3 = [{ category, confidence }, ...p.top3.filter((g) => g.category !== category)].slice(0, 3);
  // The kind now counts as the desk's category: the screens stop saying it is none of the station's.
  return { category, confidence, top3, kind: { ...p.kind, categories: [category] } };
}
