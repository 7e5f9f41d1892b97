// The ONNX Runtime session of one verified model, and what turns its logits into an answer:
// temperature-scaled softmax (the temperature depends on the kind of photo: confidence-rule.ts and the
// model card) and top-3.
import * as ort from 'onnxruntime-node';
import { ClassifyError } from './classify-errors.ts';
import type { KindGuess } from '../../../src-shared/domain.ts';
import { readAnswer, temperatureFor, type PhotoKind } from './confidence-rule.ts';
import type { VerifiedModel } from './model-manifest.ts';

export interface ScoredImage {
  /** Probabilities in label order; they sum to 1. */
  probabilities: number[];
  /** The three most likely labels, best first. */
  top3: { category: string; confidence: number }[];
  /** Studio shot or photo: which temperature of the model's band rule was used. */
  photoKind: PhotoKind;
  /** The raw logits in label order (a desk head reads them beside the features). */
  logits: number[];
  /** The features before the last layer, when model.json declares an embedding output. */
  features?: Float32Array;
  /** The answer's confidence under the band rule (with kinds backing: the smaller of the two heads'). */
  confidence: number;
  /** The kinds head's raw logits and its reading, when model.json declares a kinds output. */
  kindLogits?: number[];
  kind?: KindGuess;
}

export interface ModelSession {
  readonly model: VerifiedModel;
  /** Runs a batch of preprocessed planar inputs (each width*height*3 floats). */
  score(inputs: Float32Array[]): Promise<ScoredImage[]>;
  release(): Promise<void>;
}

export function topK(probabilities: number[], labels: readonly string[], k = 3): ScoredImage['top3'] {
  return probabilities
    .map((confidence, i) => ({ category: labels[i]!, confidence }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, k);
}

export async function openModelSession(model: VerifiedModel, opts: { threads?: number } = {}): Promise<ModelSession> {
  const { manifest } = model;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model.onnxBytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: opts.threads ?? 0,
      interOpNumThreads: 1,
    });
  } catch (e) {
    throw new ClassifyError(
      'MODEL_INVALID',
      `Model file ${model.onnxPath} does not load in ONNX Runtime: ${(e as Error).message}`,
      model.onnxPath,
      { cause: e },
    );
  }
  const { width, height, name: inputName, output: outputName } = manifest.input;
  const outputs = session.outputNames;
  if (!session.inputNames.includes(inputName) || !outputs.includes(outputName)) {
    throw new ClassifyError(
      'MODEL_INVALID',
      `Model file ${model.onnxPath} has inputs ${session.inputNames} / outputs ${outputs}, model.json expects ${inputName} / ${outputName}`,
      model.onnxPath,
    );
  }
  const embedding = manifest.embedding;
  const kindsOut = manifest.kinds;
  for (const [what, name] of [
    ['embedding', embedding?.name],
    ['kinds', kindsOut?.name],
  ] as const) {
    if (name && !outputs.includes(name)) {
      throw new ClassifyError(
        'MODEL_INVALID',
        `Model file ${model.onnxPath} has outputs ${outputs}, model.json declares the ${what} ${name}`,
        model.onnxPath,
      );
    }
  }
  const fetches = [outputName, ...(embedding ? [embedding.name] : []), ...(kindsOut ? [kindsOut.name] : [])];
  const plane = width * height * 3;
  const labels = manifest.labels;

  return {
    model,
    async score(inputs) {
      if (inputs.length === 0) return [];
      const batch = new Float32Array(plane * inputs.length);
      inputs.forEach((x, i) => batch.set(x, i * plane));
      const tensor = new ort.Tensor('float32', batch, [inputs.length, 3, height, width]);
      const result = await session.run({ [inputName]: tensor }, fetches);
      const logits = result[outputName]!.data as Float32Array;
      const features = embedding ? (result[embedding.name]!.data as Float32Array) : null;
      if (features && features.length !== embedding!.size * inputs.length) {
        throw new ClassifyError(
          'MODEL_INVALID',
          `Model file ${model.onnxPath} gives ${features.length / inputs.length} features, model.json declares ${embedding!.size}`,
          model.onnxPath,
        );
      }
      const kindLogits = kindsOut ? (result[kindsOut.name]!.data as Float32Array) : null;
      const nk = kindsOut?.labels.length ?? 0;
      if (kindLogits && kindLogits.length !== nk * inputs.length) {
        throw new ClassifyError(
          'MODEL_INVALID',
          `Model file ${model.onnxPath} gives ${kindLogits.length / inputs.length} kinds, model.json has ${nk}`,
          model.onnxPath,
        );
      }
      const n = labels.length;
      if (logits.length !== n * inputs.length) {
        throw new ClassifyError(
          'MODEL_INVALID',
          `Model file ${model.onnxPath} gives ${logits.length / inputs.length} outputs, model.json has ${n} labels`,
          model.onnxPath,
        );
      }
      return inputs.map((x, i) => {
        const { kind, temperature } = temperatureFor(x, manifest);
        const own = logits.subarray(i * n, (i + 1) * n);
        const ownKinds = kindLogits ? Array.from(kindLogits.subarray(i * nk, (i + 1) * nk)) : null;
        const answer = readAnswer(own, ownKinds, temperature, manifest);
        const { probabilities } = answer;
        const scored: ScoredImage = {
          probabilities,
          top3: topK(probabilities, labels),
          photoKind: kind,
          logits: Array.from(own),
          confidence: answer.confidence,
        };
        if (ownKinds && answer.kind) Object.assign(scored, { kindLogits: ownKinds, kind: answer.kind });
        // A copy: a view would keep the whole batch's buffer alive with every prediction.
        if (features) scored.features = features.slice(i * embedding!.size, (i + 1) * embedding!.size);
        return scored;
      });
    },
    release: () => session.release(),
  };
}
