// How a prediction's features and logits are kept in SQLite. Features: int8 with one scale per photo
// (the largest magnitude maps to 127), a quarter of float32's size; a desk head fitted on the
// decoded values loses nothing measurable, and the head always reads decoded values, at the desk and
// in its fit alike. Logits: float32, little-endian, ten of them.

export interface StoredFeatures {
  bytes: Buffer;
  scale: number;
}

export function encodeFeatures(features: Float32Array): StoredFeatures {
  let max = 0;
  for (const v of features) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 127 : 1;
  const bytes = Buffer.alloc(features.length);
  for (let i = 0; i < features.length; i++) bytes.writeInt8(Math.round(features[i]! / scale), i);
  return { bytes, scale };
}

export function decodeFeatures(bytes: Uint8Array, scale: number): Float32Array {
  const out = new Float32Array(bytes.length);
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < out.length; i++) out[i] = signed[i]! * scale;
  return out;
}

/** What the head reads back: the features exactly as stored (quantised), so a photo scored now and
 * the same photo read from the database give the same answer. */
export function roundTripFeatures(features: Float32Array): Float32Array {
  const { bytes, scale } = encodeFeatures(features);
  return decodeFeatures(bytes, scale);
}

export function encodeLogits(logits: readonly number[]): Buffer {
  const b = Buffer.alloc(logits.length * 4);
  logits.forEach((v, i) => b.writeFloatLE(v, i * 4));
  return b;
}

export function decodeLogits(bytes: Uint8Array): Float32Array {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => b.readFloatLE(i * 4));
}
