// The classifier the station uses (and `npm run eval`, so the numbers we publish are the app's):
// verified model + ONNX session + sharp preprocessing. Images are preprocessed concurrently and
// scored in batches.
import { performance } from 'node:perf_hooks';
import { NO_METER, type StepMeter } from '../step-meter.ts';
import { ClassifyError } from './classify-errors.ts';
import { readHashed, ReadBuffer, type HashedRead } from './hashed-read.ts';
import { defaultModelDir, loadVerifiedModel, type ModelManifest } from './model-manifest.ts';
import { modelRuns } from './model-runs.ts';
import { openModelSession, type ScoredImage } from './model-session.ts';
import { preprocess, type ImageSource } from './preprocess.ts';
import type { ImageStats } from '../../../src-shared/drift.ts';

export interface Prediction extends ScoredImage {
  category: string;
  confidence: number;
  modelSha256: string;
  /** Preprocessing + inference for this image, milliseconds. In a batch the inference time is
   * shared evenly between its images. */
  latencyMs: number;
  /** Brightness, colour cast, sharpness and size of the photo (the drift watch's inputs). */
  imageStats?: ImageStats;
}

export type Classified = { ok: true; prediction: Prediction; thumbnail?: Buffer } | { ok: false; error: ClassifyError };

/** A file read once for both its content hash and its classification. `classified` is null when
 * the file could not be read (the reason is in `read`). */
export interface HashedClassified {
  read: HashedRead;
  classified: Classified | null;
}

export interface Classifier {
  readonly manifest: ModelManifest;
  readonly modelDir: string;
  classify(src: ImageSource): Promise<Prediction>;
  /** Never rejects for a bad image: each input gets a prediction or its typed error. With
   * `thumbnail`, each success also carries a JPEG of at most that many pixels a side. */
  classifyMany(srcs: ImageSource[], opts?: { thumbnail?: number }): Promise<Classified[]>;
  /** For photos whose content hash is wanted too (the batch, intake): each file is read once and
   * the bytes hashed are the bytes classified. */
  classifyFilesHashed(files: string[], opts?: { thumbnail?: number }): Promise<HashedClassified[]>;
  close(): Promise<void>;
}

export interface ClassifierOptions {
  modelDir?: string;
  /** ONNX Runtime intra-op threads (0: one per core). */
  threads?: number;
  /** Images read and decoded at once, across all calls in flight; sharp uses its own thread pool
   * underneath. */
  decodeConcurrency?: number;
  /** Images per call decoded together, and at most per ONNX run (runs gather the images of every
   * call in flight: model-runs.ts). */
  batchSize?: number;
  /** Times each step (the bench's profile); none in the station. */
  meter?: StepMeter;
}

/** The decode slots shared by every call in flight: at most `n` images are read and decoded at
 * once, first come first served, and each slot keeps the buffer its photos are read into. */
class DecodeSlots {
  private readonly free: ReadBuffer[];
  private readonly waiting: ((slot: ReadBuffer) => void)[] = [];

  constructor(n: number) {
    this.free = Array.from({ length: Math.max(1, n) }, () => new ReadBuffer());
  }

  async run<T>(fn: (slot: ReadBuffer) => Promise<T>): Promise<T> {
    const slot = this.free.pop() ?? (await new Promise<ReadBuffer>((resolve) => this.waiting.push(resolve)));
    try {
      return await fn(slot);
    } finally {
      slot.shrink();
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.free.push(slot);
    }
  }
}

export async function createClassifier(opts: ClassifierOptions = {}): Promise<Classifier> {
  const modelDir = opts.modelDir ?? defaultModelDir();
  const model = await loadVerifiedModel(modelDir);
  const session = await openModelSession(model, { threads: opts.threads });
  const { manifest } = model;
  const slots = new DecodeSlots(opts.decodeConcurrency ?? 4);
  const batchSize = opts.batchSize ?? 32;
  const meter = opts.meter ?? NO_METER;
  const runs = modelRuns(session, manifest, { maxBatch: batchSize, meter });

  /** Decodes `count` images, each in a slot: `open` gives the i-th image's source (it may read into
   * the slot's buffer, which stays reserved until the decode is done), or null to skip it. */
  async function classifyChunk(
    count: number,
    open: (i: number, slot: ReadBuffer) => ImageSource | null,
    thumbnail?: number,
  ): Promise<(Classified | null)[]> {
    const prepMs = new Array<number>(count).fill(0);
    const prepared = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        slots.run(async (slot) => {
          const started = performance.now();
          try {
            const src = await meter.step('read + hash', () => open(i, slot));
            if (src === null) return null;
            const p = await preprocess(src, manifest.input, { thumbnail, meter });
            prepMs[i] = performance.now() - started;
            return p;
          } catch (e) {
            return e instanceof ClassifyError ? e : new ClassifyError('IMAGE_UNREADABLE', String(e));
          }
        }),
      ),
    );
    const good = prepared.flatMap((p, i) =>
      p === null || p instanceof ClassifyError ? [] : [{ i, data: p.data, thumbnail: p.thumbnail, imageStats: p.imageStats }],
    );
    const scores = await runs.score(good.map((g) => g.data));
    const out: (Classified | null)[] = prepared.map((p) => (p instanceof ClassifyError ? { ok: false, error: p } : null));
    good.forEach(({ i, thumbnail: thumb, imageStats }, k) => {
      const { scored: s, inferMs } = scores[k]!;
      const best = s.top3[0]!;
      out[i] = {
        ok: true,
        prediction: {
          ...s,
          category: best.category,
          confidence: s.confidence,
          modelSha256: manifest.sha256,
          latencyMs: prepMs[i]! + inferMs,
          imageStats,
        },
        ...(thumb ? { thumbnail: thumb } : {}),
      };
    });
    return out;
  }

  return {
    manifest,
    modelDir,
    async classify(src) {
      const [r] = await classifyChunk(1, () => src);
      if (!r!.ok) throw r!.error;
      return r!.prediction;
    },
    async classifyMany(srcs, opts = {}) {
      const out: Classified[] = [];
      for (let i = 0; i < srcs.length; i += batchSize) {
        const part = srcs.slice(i, i + batchSize);
        out.push(...((await classifyChunk(part.length, (k) => part[k]!, opts.thumbnail)) as Classified[]));
      }
      return out;
    },
    async classifyFilesHashed(files, opts = {}) {
      const out: HashedClassified[] = [];
      for (let i = 0; i < files.length; i += batchSize) {
        const part = files.slice(i, i + batchSize);
        const reads: HashedRead[] = [];
        const classified = await classifyChunk(
          part.length,
          (k, slot) => {
            const { read, bytes } = readHashed(part[k]!, slot);
            reads[k] = read;
            return bytes ?? null;
          },
          opts.thumbnail,
        );
        part.forEach((_, k) => out.push({ read: reads[k]!, classified: classified[k]! }));
      }
      return out;
    },
    close: () => session.release(),
  };
}
