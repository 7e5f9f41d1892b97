// Where the batch's CPU goes. The classifier and the batch run each step of a photo's way through
// `meter.step(name, fn)`; the station passes no meter (the step just runs), the bench passes one
// that runs the steps one at a time and adds up the CPU time of each (bench/step-profile.ts).
// Imports nothing: the classifier, the batch and the bench all use it.

/** The steps, in the order a photo meets them (the bench's table keeps this order). */
export const STEP_NAMES = [
  'scan + start',
  'read + hash',
  'decode to working size',
  'model input',
  'thumbnail JPEG',
  'model run',
  'plan: names + notes',
  'DB: rows + journal',
  'moves',
  'DB: settle',
  'thumbnails + log',
  'report + backup',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface StepMeter {
  /** Runs `fn` as the step `name`. A step never runs another step inside it. */
  step<T>(name: StepName, fn: () => T | Promise<T>): Promise<T>;
}

/** The station's meter: measures nothing. */
export const NO_METER: StepMeter = { step: async (_name, fn) => fn() };
