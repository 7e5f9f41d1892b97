// The decode limit shared by the classifier's preprocessing and the report's thumbnails. Kept apart
// from preprocess.ts so that reading it does not load sharp: the batch worker embeds cached report
// thumbnails without it.

/** Decompression-bomb guard: more pixels than a 100 MP camera makes is refused before decoding. */
export const MAX_INPUT_PIXELS = 100_000_000;
