// Messages between the classifier worker and the station's main thread. Plain structured-clone
// data: no classes cross the boundary.
import type { KindsVocabulary } from '../../../src-shared/domain.ts';
import type { ClassifyErrorCode } from './classify-errors.ts';
import type { BandTemperatures } from './band-reading.ts';
import type { Prediction } from './classifier.ts';

export interface ModelInfo {
  name: string;
  version: string;
  sha256: string;
  labels: string[];
  metrics: Record<string, unknown>;
  dir: string;
  /** The band rule's temperatures (confidence-rule.ts). The same network file read with other ones is
   * another model to a waiting photo: see band-reading.ts. */
  temperatures: BandTemperatures;
  /** The kinds the model knows (models 3.0 on): what a desk category may start from (desk-kinds.ts). */
  kinds: KindsVocabulary | null;
  /** The model's own drift reference file and its sha256 (null: the model has none). */
  driftReference: { path: string; sha256: string } | null;
}

export interface ClassifierWorkerData {
  modelDir: string;
  /** ONNX Runtime threads; the worker's decodes use sharp's own pool. */
  threads: number;
  decodeConcurrency: number;
}

/** `hash`: also read each file once, hash its bytes and classify from that buffer (the batch needs
 * the content hash of photos it has not seen before; one read serves both). */
export type ClassifyRequest = { type: 'classify'; id: number; files: string[]; hash?: boolean };
/** Finish what is running, release the model and end the thread. */
export type CloseRequest = { type: 'close' };

export type WireError = { code: ClassifyErrorCode | 'WORKER_FAILED' | 'FILE_TOO_LARGE' | 'FILE_MISSING'; message: string; file?: string };
/** A prediction carries its photo's `imageStats` (brightness, cast, sharpness, size: the drift
 * watch's inputs) when the photo was decoded here. `sha256`/`sizeBytes` are present when the request asked for hashing and the bytes could be read. */
export type WireResult = ({ ok: true; prediction: Prediction; thumbnail?: Uint8Array } | { ok: false; error: WireError }) & {
  sha256?: string;
  sizeBytes?: number;
};

export type WorkerReply =
  { type: 'ready'; model: ModelInfo } | { type: 'fatal'; error: WireError } | { type: 'results'; id: number; results: WireResult[] };
