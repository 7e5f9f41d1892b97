// The classifier the station uses (and `npm run eval`, so the numbers we publish are the app's):
// verified model + ONNX session + sharp preprocessing. Images are preprocessed concurrently and
// scored in batches.
import { performance } from 'node:perf_hooks';
import { ClassifyError } from './classify-errors.ts';
import { defaultModelDir, loadVerifiedModel, type ModelManifest } from './model-manifest.ts';
import { openModelSession, type ScoredImage } from './model-session.ts';
import { preprocess, type ImageSource } from './preprocess.ts';

export interface Prediction extends ScoredImage {
  category: string;
  confidence: number;
  modelSha256: string;
  /** Preprocessing + inference for this image, milliseconds. In a batch the inference time is
   * shared evenly between its images. */
  latencyMs: number;
}

export type Classified = { ok: true; prediction: Prediction; thumbnail?: Buffer } | { ok: false; error: ClassifyError };

export interface Classifier {
  readonly manifest: ModelManifest;
  readonly modelDir: string;
  classify(src: ImageSource): Promise<Prediction>;
  /** Never rejects for a bad image: each input gets a prediction or its typed error. With
   * `thumbnail`, each success also carries a JPEG of at most that many pixels a side. */
  classifyMany(srcs: ImageSource[], opts?: { thumbnail?: number }): Promise<Classified[]>;
  close(): Promise<void>;
}

export interface ClassifierOptions {
  modelDir?: string;
  /** ONNX Runtime intra-op threads (0: one per core). */
  threads?: number;
  /** Images decoded at once; sharp uses its own thread pool underneath. */
  decodeConcurrency?: number;
  /** Images per ONNX run. */
  batchSize?: number;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

export async function createClassifier(opts: ClassifierOptions = {}): Promise<Classifier> {
  const modelDir = opts.modelDir ?? defaultModelDir();
  const model = await loadVerifiedModel(modelDir);
  const session = await openModelSession(model, { threads: opts.threads });
  const { manifest } = model;
  const decodeConcurrency = opts.decodeConcurrency ?? 4;
  const batchSize = opts.batchSize ?? 32;

  async function classifyChunk(srcs: ImageSource[], thumbnail?: number): Promise<Classified[]> {
    const started = srcs.map(() => 0);
    const prepMs = srcs.map(() => 0);
    const prepared = await mapLimit(srcs, decodeConcurrency, async (src, i) => {
      started[i] = performance.now();
      try {
        const p = await preprocess(src, manifest.input, { thumbnail });
        prepMs[i] = performance.now() - started[i]!;
        return p;
      } catch (e) {
        return e instanceof ClassifyError ? e : new ClassifyError('IMAGE_UNREADABLE', String(e));
      }
    });
    const good = prepared.flatMap((p, i) => (p instanceof ClassifyError ? [] : [{ i, data: p.data, thumbnail: p.thumbnail }]));
    const t0 = performance.now();
    const scores = await session.score(good.map((g) => g.data));
    const inferShare = good.length ? (performance.now() - t0) / good.length : 0;
    const out: Classified[] = prepared.map((p) => (p instanceof ClassifyError ? { ok: false, error: p } : (null as never)));
    good.forEach(({ i, thumbnail: thumb }, k) => {
      const s = scores[k]!;
      const best = s.top3[0]!;
      out[i] = {
        ok: true,
        prediction: {
          ...s,
          category: best.category,
          confidence: best.confidence,
          modelSha256: manifest.sha256,
          latencyMs: prepMs[i]! + inferShare,
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
      const [r] = await classifyChunk([src]);
      if (!r!.ok) throw r!.error;
      return r!.prediction;
    },
    async classifyMany(srcs, opts = {}) {
      const out: Classified[] = [];
      for (let i = 0; i < srcs.length; i += batchSize) out.push(...(await classifyChunk(srcs.slice(i, i + batchSize), opts.thumbnail)));
      return out;
    },
    close: () => session.release(),
  };
}
