// Photo → model input tensor, with sharp. Mirrors models/training/train.py `letterbox`: honour EXIF
// orientation, fit the whole photo inside width×height (lanczos3), centre it on the pad colour,
// then scale and normalise per channel into planar (NCHW) float32.
import sharp from 'sharp';
import type { ImageStats } from '../../../src-shared/drift.ts';
import { NO_METER, type StepMeter } from '../step-meter.ts';
import { ClassifyError } from './classify-errors.ts';
import { MAX_INPUT_PIXELS } from './image-limits.ts';
import type { InputSpec } from './model-manifest.ts';
import { unreadableReason } from './unreadable-reason.ts';

/** A photo has at least this many pixels on each side; smaller is a placeholder or a broken file. */
export const MIN_SIDE = 8;

export type ImageSource = string | Buffer;

function describe(src: ImageSource): string {
  return typeof src === 'string' ? src : `(${src.length}-byte buffer)`;
}

function asClassifyError(e: unknown, src: ImageSource): ClassifyError {
  const msg = e instanceof Error ? e.message : String(e);
  const where = describe(src);
  if (/pixel limit/i.test(msg)) {
    return new ClassifyError(
      'IMAGE_TOO_LARGE',
      `Image has more than ${MAX_INPUT_PIXELS / 1e6} MP, refused: ${where}`,
      typeof src === 'string' ? src : undefined,
      { cause: e },
    );
  }
  return new ClassifyError(
    'IMAGE_UNREADABLE',
    `Image cannot be read (${unreadableReason(src, msg.split('\n')[0]!)}): ${where}`,
    typeof src === 'string' ? src : undefined,
    { cause: e },
  );
}

export interface Preprocessed {
  /** width*height*3 floats, planar, normalised. */
  data: Float32Array;
  /** The photo's own size after EXIF orientation. */
  sourceWidth: number;
  sourceHeight: number;
  /** A small JPEG of the photo (when asked for), made from the same decode. */
  thumbnail?: Buffer;
  /** Brightness, colour cast, sharpness and size, for the drift watch (from the same decode). */
  imageStats: ImageStats;
}

/** Thumbnails made by hashed requests (the batch's and intake's), longest side in pixels. */
export const THUMBNAIL_SIZE = 192;

/** The decoded working copy's longest side: the thumbnail size, so a thumbnail is a plain JPEG
 * encode of it (no second resize), and at least twice the model's input, so the reduction to the
 * model's input stays a clean lanczos downscale for a future, larger model. */
export function workingSize(spec: InputSpec): number {
  return Math.max(THUMBNAIL_SIZE, 2 * spec.width, 2 * spec.height);
}

export async function preprocess(
  src: ImageSource,
  spec: InputSpec,
  opts: { thumbnail?: number; meter?: StepMeter } = {},
): Promise<Preprocessed> {
  const meter = opts.meter ?? NO_METER;
  if (Buffer.isBuffer(src) && src.length === 0) {
    throw new ClassifyError('IMAGE_UNREADABLE', 'Image cannot be read (empty file: 0 bytes)');
  }
  const { work, sourceWidth, sourceHeight } = await meter.step('decode to working size', () => decodeWorking(src, spec));
  const raw = { raw: { width: work.info.width, height: work.info.height, channels: 3 as const } };
  const [data, thumbnail] = await Promise.all([
    // sharp only resizes (fit 'inside'); the letterbox's padding is written by toPlanar. The same
    // values as sharp's fit 'contain' with the pad colour, at half the cost: no alpha channel for
    // the background and no embed step.
    meter.step('model input', async () => {
      const model = await sharp(work.data, raw)
        .resize(spec.width, spec.height, { fit: 'inside', kernel: spec.kernel })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const { width, height, channels } = model.info;
      if (channels !== 3 || width > spec.width || height > spec.height || (width !== spec.width && height !== spec.height)) {
        throw new ClassifyError('IMAGE_UNREADABLE', `Unexpected decoded layout ${width}×${height}×${channels}: ${describe(src)}`);
      }
      return toPlanar(model.data, spec, { width, height });
    }),
    // The thumbnail is the working copy itself when it fits (the batch's case: no second resize,
    // just a JPEG encode); plain Huffman tables cost less and look the same at this size.
    opts.thumbnail
      ? meter.step('thumbnail JPEG', () =>
          (work.info.width <= opts.thumbnail! && work.info.height <= opts.thumbnail!
            ? sharp(work.data, raw)
            : sharp(work.data, raw).resize(opts.thumbnail, opts.thumbnail, { fit: 'inside', withoutEnlargement: true, kernel: 'linear' })
          )
            .jpeg({ quality: 75, optimiseCoding: false })
            .toBuffer(),
        )
      : undefined,
  ]);
  const imageStats = { ...workingStats(work.data, work.info.width, work.info.height), width: sourceWidth, height: sourceHeight };
  return { data, sourceWidth, sourceHeight, thumbnail, imageStats };
}

/** Brightness, contrast, colour cast and sharpness of interleaved RGB bytes, in one pass over the
 * pixels and one over the luma (about 0.1 ms for a 192 × 144 working copy). The cast is read on the
 * photo's near-neutral pixels (the light's colour, not the garment's: grey-world on the greys), on
 * all of them when fewer than 5 % are near neutral. The Laplacian is of the working copy, so it
 * measures blur at the size the model sees, whatever the camera's resolution. */
export function workingStats(rgb: Uint8Array, width: number, height: number): Omit<ImageStats, 'width' | 'height'> {
  const n = width * height;
  // Luma × 256 in integers (Rec. 601 weights 77, 150, 29): the sums stay exact and cheap.
  const luma = new Int32Array(n);
  let sumY = 0;
  let sumY2 = 0;
  let sumRB = 0;
  let sumG2 = 0;
  let greyY = 0;
  let greyRB = 0;
  let greyG2 = 0;
  let greys = 0;
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const r = rgb[p]!;
    const g = rgb[p + 1]!;
    const b = rgb[p + 2]!;
    const y = 77 * r + 150 * g + 29 * b;
    luma[i] = y;
    sumY += y;
    sumY2 += y * y;
    sumRB += r - b;
    sumG2 += 2 * g - r - b;
    const hi = r > g ? (r > b ? r : b) : g > b ? g : b;
    const lo = r < g ? (r < b ? r : b) : g < b ? g : b;
    // Near neutral: chroma under 40 % of the brightest channel (a tinted grey stays in), and not black.
    if (hi > 24 && 5 * (hi - lo) < 2 * hi) {
      greyY += y;
      greyRB += r - b;
      greyG2 += 2 * g - r - b;
      greys++;
    }
  }
  if (greys >= 0.05 * n) {
    sumRB = (greyRB / greyY) * sumY;
    sumG2 = (greyG2 / greyY) * sumY;
  }
  const meanY = sumY / n / 256;
  const sdY = Math.sqrt(Math.max(0, sumY2 / n / 65536 - meanY * meanY));
  let lap = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let i = row + 1, end = row + width - 1; i < end; i++) {
      const v = 4 * luma[i]! - luma[i - 1]! - luma[i + 1]! - luma[i - width]! - luma[i + width]!;
      lap += v < 0 ? -v : v;
    }
    count += Math.max(0, width - 2);
  }
  const yTotal = sumY / 256;
  return {
    brightness: meanY / 255,
    contrast: sdY / 255,
    // Chromaticity: divided by the mean luma, so a darker photo of the same scene has the same cast.
    castRB: sumRB / (yTotal + 2 * n),
    castG: sumG2 / 2 / (yTotal + 2 * n),
    // +2 grey levels keep a flat photo's sharpness finite.
    sharpness: count ? lap / 256 / count / (sdY + 2) : 0,
  };
}

/** The photo decoded once, turned upright, at the working size, in sRGB on the pad colour. */
async function decodeWorking(
  src: ImageSource,
  spec: InputSpec,
): Promise<{ work: { data: Buffer; info: sharp.OutputInfo }; sourceWidth: number; sourceHeight: number }> {
  let image: sharp.Sharp;
  let meta: sharp.Metadata;
  try {
    // `failOn: 'truncated'` refuses half-written or cut-off files instead of classifying grey;
    // `limitInputPixels` is checked from the header, before any decoding.
    image = sharp(src, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS, pages: 1 });
    meta = await image.metadata();
  } catch (e) {
    throw asClassifyError(e, src);
  }
  const turned = (meta.orientation ?? 1) >= 5;
  const sourceWidth = (turned ? meta.height : meta.width) ?? 0;
  const sourceHeight = (turned ? meta.width : meta.height) ?? 0;
  if (sourceWidth < MIN_SIDE || sourceHeight < MIN_SIDE) {
    throw new ClassifyError(
      'IMAGE_TOO_SMALL',
      `Image is ${sourceWidth}×${sourceHeight} pixels, too small to be a photo: ${describe(src)}`,
      typeof src === 'string' ? src : undefined,
    );
  }
  const [r, g, b] = spec.padColor;
  let work: { data: Buffer; info: sharp.OutputInfo };
  try {
    // One decode serves the model input and the thumbnail. Resizing straight after opening keeps
    // libjpeg's shrink-on-load (a 12 MP JPEG decodes at 1/8), so this is the expensive step.
    work = await image
      .autoOrient()
      .resize(workingSize(spec), workingSize(spec), { fit: 'inside', withoutEnlargement: true, kernel: spec.kernel })
      .flatten({ background: { r, g, b } })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw asClassifyError(e, src);
  }
  return { work, sourceWidth, sourceHeight };
}

/** Interleaved RGB bytes → planar normalised floats in the model's channel order. A picture
 * smaller than the input (`size`) is centred on the pad colour, as sharp's fit 'contain' places it. */
export function toPlanar(rgb: Uint8Array, spec: InputSpec, size: { width: number; height: number } = spec): Float32Array {
  const plane = spec.width * spec.height;
  const out = new Float32Array(plane * 3);
  const order = spec.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const left = Math.floor((spec.width - size.width) / 2);
  const top = Math.floor((spec.height - size.height) / 2);
  for (let c = 0; c < 3; c++) {
    const src = order[c]!;
    const k = spec.scale / spec.std[c]!;
    const off = spec.mean[c]! / spec.std[c]!;
    const base = c * plane;
    if (size.width !== spec.width || size.height !== spec.height) out.fill(spec.padColor[src]! * k - off, base, base + plane);
    for (let y = 0; y < size.height; y++) {
      const to = base + (top + y) * spec.width + left;
      const from = y * size.width * 3 + src;
      for (let x = 0; x < size.width; x++) out[to + x] = rgb[from + x * 3]! * k - off;
    }
  }
  return out;
}
