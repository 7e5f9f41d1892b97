// The desk head in use, ready to apply to a fresh prediction: intake and the batch read it here, so a
// photo gets the same answer whichever of them classifies it. A prediction keeps the base model's
// own answer beside the head's, and the features it was made from (desk-queries.ts reads them back
// as examples once a person decides).
import type { Guess, KindGuess } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import { answerWithHead, type FittedDeskHead } from './desk-head.ts';
import { roundTripFeatures } from '../db/features-codec.ts';
import { decodeSoftmax } from './softmax-blob.ts';
import { answerWithDeskKinds, NO_DESK_KINDS, type DeskKinds } from './desk-kinds.ts';

export interface ActiveDeskHead {
  id: number;
  modelSha256: string;
  head: FittedDeskHead;
}

/** What a classifier's answer carries that the head needs. */
interface Scored {
  category: string;
  confidence: number;
  top3: Guess[];
  modelSha256: string;
  logits?: ArrayLike<number>;
  features?: Float32Array;
  photoKind?: 'studio' | 'photo';
  kind?: KindGuess | null;
}

export type WithHead<P> = P & { base: Guess; headId: number | null };

export function loadActiveDeskHead(db: StationDb): ActiveDeskHead | null {
  return loadDeskHead(db, db.desk.deskHeadInUse());
}

function loadDeskHead(db: StationDb, id: number | null): ActiveDeskHead | null {
  const stored = id === null ? null : db.desk.getDeskHead(id);
  if (!stored) return null;
  return {
    id: stored.id,
    modelSha256: stored.modelSha256,
    head: {
      classes: stored.classes,
      model: decodeSoftmax(stored.weights),
      autoCategories: stored.autoCategories,
      guarded: stored.guarded,
      guardExceptions: stored.guardExceptions,
    },
  };
}

/** Re-reads the head in use only when it changed (one indexed row per photo at intake). */
export function activeDeskHeadCache(db: StationDb): () => ActiveDeskHead | null {
  let cached: ActiveDeskHead | null = null;
  return () => {
    const id = db.desk.deskHeadInUse();
    if (cached?.id !== id) cached = loadDeskHead(db, id);
    return cached;
  };
}

/** The station's answer with the head in use (desk-head.ts answerWithHead: the head answers what the
 * base model doubts and may veto an auto-approval) where it applies (same model, features present);
 * the base model's otherwise. A doubted photo of a kind the desk gave a category (desk-kinds.ts) gets
 * that category while the head in use cannot name it yet. Either way the base model's answer is kept
 * as `base`, and `headId` names the head that was asked. */
export function applyDeskHead<P extends Scored>(
  p: P,
  active: ActiveDeskHead | null,
  high: number,
  deskKinds: DeskKinds = NO_DESK_KINDS,
): WithHead<P> {
  const base = { category: p.category, confidence: p.confidence };
  const applies = !!active && active.modelSha256 === p.modelSha256 && !!p.features && !!p.logits && !!p.photoKind;
  const byKind = answerWithDeskKinds(p, base, deskKinds, high);
  if (byKind && !(applies && active.head.classes.includes(byKind.category)))
    return { ...p, ...byKind, base, headId: applies ? active.id : null };
  if (!applies) return { ...p, base, headId: null };
  const photo = { features: roundTripFeatures(p.features!), logits: Float32Array.from(p.logits!), photoKind: p.photoKind!, base };
  const answer = answerWithHead(active.head, photo, high);
  return { ...p, ...(answer ?? {}), base, headId: active.id };
}
