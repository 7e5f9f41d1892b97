// The drift watch's shared types and words: what a photo's picture looks like (computed once in
// preprocessing), and the causes a drifting night is put down to, in words a clerk reads, with the
// suggested action. Screens and alerts both show these words.

/** A photo's image statistics, from the working copy the classifier already decodes (≤ 192 px). */
export interface ImageStats {
  /** Mean luma (Rec. 601) of the working copy, 0..1. */
  brightness: number;
  /** Standard deviation of luma, 0..1 (the photo's contrast). */
  contrast: number;
  /** Mean (R − B) over mean luma: warm (orange) > 0, cool (blue) < 0; the same at any exposure. */
  castRB: number;
  /** Mean (G − (R + B) / 2) over mean luma: green > 0, magenta < 0. */
  castG: number;
  /** Mean absolute 4-neighbour Laplacian of luma divided by the luma's standard deviation: a dark or
   * flat photo is not "blurry" for being dark. */
  sharpness: number;
  /** The photo's own size after EXIF orientation. */
  width: number;
  height: number;
}

/** What the night check measures (drift/night-check.ts): one statistic each. */
export const DRIFT_SIGNALS = [
  'confidence',
  'category-mix',
  'embedding',
  'brightness',
  'colour-cast',
  'sharpness',
  'camera-size',
  'camera-quality',
] as const;
export type DriftSignalName = (typeof DRIFT_SIGNALS)[number];

/** What each signal measures, for people (History's panel). */
export const DRIFT_SIGNAL_LABELS: Record<DriftSignalName, string> = {
  confidence: 'How sure the model is (distance between the confidence distributions)',
  'category-mix': 'The mix of categories (total variation)',
  embedding: 'What the photos show (embedding shift, MMD²)',
  brightness: 'Brightness (shift in standard deviations)',
  'colour-cast': 'Colour cast (shift in standard deviations)',
  sharpness: 'Sharpness (loss in standard deviations)',
  'camera-size': 'Photo size (shift in standard deviations)',
  'camera-quality': 'JPEG quality: bytes per pixel (shift in standard deviations)',
};

/** What a night's drift is put down to. */
export type DriftCause = 'darker' | 'brighter' | 'colour-cast' | 'blurrier' | 'camera' | 'new-kind' | 'unexplained';

/** The clerk's words for each cause, and what to do about it. `n` is the size of the new kind's group. */
export const DRIFT_WORDS: Record<DriftCause, { title: (n: number) => string; action: string }> = {
  darker: { title: () => 'Photos are darker than usual', action: 'Check the desk light.' },
  brighter: { title: () => 'Photos are brighter than usual', action: 'Check the desk light and the camera exposure.' },
  'colour-cast': { title: () => 'Photos have a colour cast', action: 'Check the lamp and the camera white balance.' },
  blurrier: { title: () => 'Photos are blurrier than usual', action: 'Clean the lens and check the focus.' },
  camera: {
    title: () => 'Photos come from another camera (other size or quality)',
    action: 'Check the camera and its settings; if the camera changed on purpose, nothing to do.',
  },
  'new-kind': {
    title: (n) => `${n} photos look alike and match no category`,
    action: 'Add a category?',
  },
  unexplained: {
    title: () => 'Photos differ from usual in a way the checks cannot name',
    action: 'Look at a few of tonight’s photos in Review.',
  },
};

/** One alert line: "Photos are darker than usual since Tuesday: check the desk light." */
export function driftMessage(cause: DriftCause, opts: { since?: string; groupSize?: number } = {}): string {
  const w = DRIFT_WORDS[cause];
  const since = opts.since ? ` since ${opts.since}` : '';
  const action = w.action.charAt(0).toLowerCase() + w.action.slice(1);
  return cause === 'new-kind'
    ? `${since ? `Since ${opts.since}` : 'Tonight'} ${w.title(opts.groupSize ?? 0)}: ${action}`
    : `${w.title(0)}${since}: ${action}`;
}
