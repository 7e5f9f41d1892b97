// One fit, from the database to the database: the examples of the current model, the head fitted and
// judged (desk-head.ts), and the head recorded (and put in use when it was accepted) in one
// transaction at the very end. Run in a worker thread: the batch's after a night's outputs are
// written, or desk-fit-worker.ts for "Retrain now". Every outcome is recorded: a head, refused or
// used, as a desk_heads row; no head, as the problem the station shows (Settings' "Last attempt").
import type { StationDb, StoredDeskHead, StoredExample } from '../db/station-db.ts';
import { fitDeskHead, hasFiniteInput, type DeskExample } from './desk-head.ts';
import { decodeFeatures, decodeLogits } from '../db/features-codec.ts';
import { encodeSoftmax } from './softmax-blob.ts';

export interface FitRequest {
  modelSha256: string;
  labels: readonly string[];
  trigger: 'nightly' | 'manual';
}

export type FitOutcome = { head: StoredDeskHead; problem: null } | { head: null; problem: string };

export function toDeskExample(e: StoredExample): DeskExample {
  return {
    decisionId: e.decisionId,
    label: e.label,
    features: decodeFeatures(e.features, e.featuresScale),
    logits: decodeLogits(e.logits),
    photoKind: e.photoKind,
    base: { category: e.baseCategory, confidence: e.baseConfidence },
  };
}

export function fitAndRecord(db: StationDb, req: FitRequest): FitOutcome {
  const stored = db.desk.deskExamples(req.modelSha256);
  const lastDecisionId = stored.reduce((m, e) => Math.max(m, e.decisionId), 0);
  const examples = stored.map(toDeskExample);
  // What the fit learns from and judges on: a decision it leaves out counts in no head's figures.
  const usable = examples.filter(hasFiniteInput).length;
  const last = db.desk.listDeskHeads(req.modelSha256)[0];
  // The same decisions give the same head: a night without new ones records nothing.
  if (req.trigger === 'nightly' && last && last.lastDecisionId === lastDecisionId && last.examples + last.checkExamples === usable)
    return { head: null, problem: `No new review decisions since desk head #${last.id}.` };
  const fit = fitDeskHead(examples, { labels: req.labels, high: db.settings.getThresholds().high });
  if ('problem' in fit) return { head: null, problem: fit.problem };
  const { head, ...figures } = fit;
  const recorded = db.desk.recordDeskHead({
    ...figures,
    lastDecisionId,
    modelSha256: req.modelSha256,
    trigger: req.trigger,
    classes: head.classes,
    weights: encodeSoftmax(head.model),
  });
  return { head: recorded, problem: null };
}
