// Receiving's words for people, shared by Find, Intake and Review.
import type { DecidedBy, ExpectedMatch } from '../../src-shared/receiving.ts';

export const DECIDED_BY_LABEL: Record<DecidedBy, string> = { model: 'model', 'desk-head': 'desk head', person: 'person:' };

export const MATCH_LABEL: Record<ExpectedMatch, string> = {
  match: 'as expected',
  mismatch: 'not what was expected',
  unexpected: 'return id not announced',
  unchecked: 'announced with item text only',
};
