// A fitted softmax head as an SQLite BLOB, and back.
import type { SoftmaxModel } from './softmax-regression.ts';

// The BLOB: "RSDH", then little-endian u32 version, classes, dims; then float32 mean (D),
// 1/std (D) and weights (K × (D + 1)). Versioned so that a later layout can still read (or
// refuse clearly) a head stored by an older build.
const MAGIC = 'RSDH';
const FORMAT_VERSION = 1;
const HEADER_BYTES = 16;

const blobBytes = (classes: number, dims: number) => HEADER_BYTES + 4 * (2 * dims + classes * (dims + 1));

export function encodeSoftmax(model: SoftmaxModel): Buffer {
  const { classes, dims } = model;
  const out = Buffer.alloc(blobBytes(classes, dims));
  out.write(MAGIC, 0, 'latin1');
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, classes, true);
  view.setUint32(12, dims, true);
  let at = HEADER_BYTES;
  for (const part of [model.mean, model.invStd, model.weights]) {
    for (let i = 0; i < part.length; i++, at += 4) view.setFloat32(at, part[i]!, true);
  }
  return out;
}

export function decodeSoftmax(bytes: Uint8Array): SoftmaxModel {
  if (bytes.length < HEADER_BYTES)
    throw new Error(`Desk head blob too short: ${bytes.length} bytes, less than its ${HEADER_BYTES}-byte header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new Error(`Not a desk head blob: it starts with ${JSON.stringify(magic)}, not "${MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION)
    throw new Error(`Desk head blob version ${version} is not supported (this build reads version ${FORMAT_VERSION})`);
  const classes = view.getUint32(8, true);
  const dims = view.getUint32(12, true);
  if (classes < 1 || dims < 1) throw new Error(`Desk head blob is damaged: ${classes} classes × ${dims} features`);
  const expected = blobBytes(classes, dims);
  if (bytes.length !== expected)
    throw new Error(
      `Desk head blob is ${bytes.length} bytes; ${classes} classes × ${dims} features take exactly ${expected} (truncated or damaged)`,
    );
  let at = HEADER_BYTES;
  const read = (length: number) => {
    const part = new Float32Array(length);
    for (let i = 0; i < length; i++, at += 4) part[i] = view.getFloat32(at, true);
    return part;
  };
  return { classes, dims, mean: read(dims), invStd: read(dims), weights: read(classes * (dims + 1)) };
}
