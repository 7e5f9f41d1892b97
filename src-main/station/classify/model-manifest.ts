// model.json: what the app must know to feed the network and read its answer. Validated with zod
// because it is a file a person (or a bad copy) can change.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ClassifyError } from './classify-errors.ts';

const InputSpec = z.object({
  name: z.string().min(1),
  output: z.string().min(1),
  width: z.number().int().min(8).max(1024),
  height: z.number().int().min(8).max(1024),
  layout: z.literal('NCHW'),
  channelOrder: z.enum(['RGB', 'BGR']),
  scale: z.number().positive(),
  mean: z.tuple([z.number(), z.number(), z.number()]),
  std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  resize: z.literal('contain'),
  kernel: z.enum(['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3']),
  padColor: z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]),
});

/** How a photo's confidence is read (confidence-rule.ts): studio shots use `temperature`, other photos
 * `photoTemperature`; absent in models older than the real-photos stage (one temperature for all). */
const BandRule = z.object({
  kind: z.literal('studio-or-photo-temperature'),
  studioGate: z.object({
    band: z.number().int().min(1).max(32),
    white: z.number().min(0).max(1),
    minShare: z.number().min(0).max(1),
  }),
  photoTemperature: z.number().positive(),
  /** The confidence is the smaller of the category head's and the kinds' backing of the same answer
   * (confidence-rule.ts `kindsBacking`); needs `kinds`. */
  kindsBacking: z.boolean().optional(),
  /** The temperature the kinds' logits are read at (backing and "looks like"); without it, the
   * photo's own category temperature (3.0.0-rc1). */
  kindsTemperature: z.number().positive().optional(),
  chosenFor: z.record(z.string(), z.unknown()).optional(),
  description: z.string().optional(),
});

const KindsOutput = z
  .object({
    name: z.string().min(1),
    labels: z.array(z.string().min(1)).min(2),
    categories: z.record(z.string(), z.array(z.string())),
    names: z.record(z.string(), z.string().min(1)),
  })
  .superRefine((k, ctx) => {
    const missing = k.labels.filter((l) => !(l in k.categories) || !(l in k.names));
    if (missing.length) ctx.addIssue({ code: 'custom', message: `kinds without categories or a name: ${missing.slice(0, 3).join(', ')}` });
  });

export const ModelManifestSchema = z
  .object({
    name: z.string().min(1),
    version: z.string().min(1),
    labels: z.array(z.string().min(1)).min(2),
    input: InputSpec,
    temperature: z.number().positive(),
    bandRule: BandRule.optional(),
    /** The second output: each photo's features before the last layer, what a desk head learns from
     * (src-main/station/desk). Absent in models before 2.1.0: desk learning is then off. */
    embedding: z.object({ name: z.string().min(1), size: z.number().int().min(1).max(4096) }).optional(),
    /** The third output (models 3.0 on): logits over every kind the model knows (catalogue article
     * types, kinds of photo taken by people), each kind's categories ([]: none of them) and its name for
     * people ("looks like Trousers"). */
    kinds: KindsOutput.optional(),
    /** The model's own drift reference (batch/night-watch.ts), a file beside model.json written by
     * `npm run eval -- --drift --write-model-reference`: labelled photos of senders the training never
     * saw. The station compares its nights with it until the desk has its own reference. */
    driftReference: z
      .object({
        file: z.string().regex(/^[\w.-]+\.json$/, 'a file name beside model.json'),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      })
      .passthrough()
      .optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    metrics: z.record(z.string(), z.unknown()).default({}),
    training: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((m, ctx) => {
    const unknown = Object.values(m.kinds?.categories ?? {})
      .flat()
      .filter((c) => !m.labels.includes(c));
    if (unknown.length) ctx.addIssue({ code: 'custom', path: ['kinds', 'categories'], message: `not a label: ${unknown[0]}` });
    if (m.bandRule?.kindsBacking && !m.kinds)
      ctx.addIssue({ code: 'custom', path: ['bandRule', 'kindsBacking'], message: 'needs the kinds output' });
  });

export type ModelManifest = z.infer<typeof ModelManifestSchema>;
export type InputSpec = z.infer<typeof InputSpec>;

export interface VerifiedModel {
  dir: string;
  onnxPath: string;
  manifest: ModelManifest;
  /** The exact bytes that were hashed: the session is created from these, so the file cannot be
   * swapped between the check and the load. */
  onnxBytes: Buffer;
}

async function readOrMissing(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ClassifyError('MODEL_MISSING', `Model ${what} not found: ${file}`, file);
    throw new ClassifyError('MODEL_INVALID', `Model ${what} cannot be read: ${file} (${code ?? e})`, file, { cause: e });
  }
}

/** Reads `<dir>/model.json` and `<dir>/model.onnx` and checks the ONNX bytes against the sha256
 * recorded in model.json. */
export async function loadVerifiedModel(dir: string): Promise<VerifiedModel> {
  const jsonPath = path.join(dir, 'model.json');
  const onnxPath = path.join(dir, 'model.onnx');
  const rawJson = await readOrMissing(jsonPath, 'description');
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawJson.toString('utf8'));
  } catch (e) {
    throw new ClassifyError('MODEL_INVALID', `Model description is not valid JSON: ${jsonPath}`, jsonPath, { cause: e });
  }
  const result = ModelManifestSchema.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ClassifyError(
      'MODEL_INVALID',
      `Model description ${jsonPath} is invalid: ${first?.path.join('.') || '(root)'}: ${first?.message}`,
      jsonPath,
    );
  }
  const onnxBytes = await readOrMissing(onnxPath, 'file');
  const actual = createHash('sha256').update(onnxBytes).digest('hex');
  if (actual !== result.data.sha256) {
    throw new ClassifyError(
      'MODEL_TAMPERED',
      `Model file ${onnxPath} does not match model.json: sha256 is ${actual}, expected ${result.data.sha256}. ` +
        'Reinstall the model; the station will not classify with an unverified model.',
      onnxPath,
    );
  }
  return { dir, onnxPath, manifest: result.data, onnxBytes };
}

/** The shipped model, next to the sources (and inside the app's resources once packaged). */
export function defaultModelDir(): string {
  if (process.env.RETURNS_STATION_MODEL_DIR) return process.env.RETURNS_STATION_MODEL_DIR;
  // The sources sit three folders below the repository, the bundles in dist/ one: look upwards.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'models', 'returns10');
    if (existsSync(path.join(candidate, 'model.json'))) return candidate;
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models/returns10');
}
