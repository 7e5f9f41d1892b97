// Typed failures of the classifier. Callers branch on `code`; the message is for people and always
// names the file concerned.

export type ClassifyErrorCode =
  | 'MODEL_MISSING' // model.onnx or model.json is not there
  | 'MODEL_INVALID' // model.json is malformed, or the ONNX file does not load
  | 'MODEL_TAMPERED' // the ONNX file's sha256 differs from model.json
  | 'IMAGE_UNREADABLE' // empty, truncated, not an image, or a format we cannot decode
  | 'IMAGE_TOO_LARGE' // over the pixel limit (decompression-bomb guard)
  | 'IMAGE_TOO_SMALL'; // fewer pixels than a photo can have

export class ClassifyError extends Error {
  override readonly name = 'ClassifyError';
  constructor(
    readonly code: ClassifyErrorCode,
    message: string,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isClassifyError(e: unknown, code?: ClassifyErrorCode): e is ClassifyError {
  return e instanceof ClassifyError && (code === undefined || e.code === code);
}
