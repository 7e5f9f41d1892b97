// Photo-like test images made on the fly with sharp (no data files from outside the project):
// a lit surface with a few overlapping shapes and fine noise, so JPEGs have realistic entropy.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif';

function rand(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function syntheticSvg(width: number, height: number, seed = 1): string {
  const r = rand(seed);
  const col = () => `rgb(${Math.floor(r() * 255)},${Math.floor(r() * 255)},${Math.floor(r() * 255)})`;
  const shapes: string[] = [];
  for (let i = 0; i < 6; i++) {
    const cx = r() * width;
    const cy = r() * height;
    const s = (0.1 + r() * 0.3) * Math.min(width, height);
    shapes.push(
      i % 2
        ? `<ellipse cx="${cx}" cy="${cy}" rx="${s}" ry="${s * 0.6}" fill="${col()}" transform="rotate(${r() * 180} ${cx} ${cy})"/>`
        : `<rect x="${cx - s / 2}" y="${cy - s / 2}" width="${s}" height="${s * 1.3}" rx="${s * 0.1}" fill="${col()}" transform="rotate(${r() * 180} ${cx} ${cy})"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${col()}"/><stop offset="1" stop-color="${col()}"/></linearGradient>
  <filter id="n"><feTurbulence type="fractalNoise" baseFrequency="0.8" numOctaves="2" seed="${seed}"/><feColorMatrix type="saturate" values="0"/><feBlend in="SourceGraphic" mode="multiply"/></filter></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  <g filter="url(#n)">${shapes.join('')}</g></svg>`;
}

export interface PhotoOptions {
  width: number;
  height: number;
  format?: PhotoFormat;
  seed?: number;
  quality?: number;
}

const grainCache = new Map<string, Promise<{ data: Buffer; width: number; height: number }>>();

/** Sensor grain, made once per size: composited over big photos it gives them a phone photo's
 * entropy (a 12 MP JPEG of 2.5–4 MB) without rendering SVG filters at full size. */
function grain(width: number, height: number) {
  const key = `${width}x${height}`;
  let g = grainCache.get(key);
  if (!g) {
    g = sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 24 } } })
      .raw()
      .toBuffer()
      .then((data) => ({ data, width, height }));
    grainCache.set(key, g);
  }
  return g;
}

/** Encodes a synthetic photo. Large sizes render the scene small, upscale it and add grain. */
export async function syntheticPhoto({ width, height, format = 'jpeg', seed = 1, quality = 90 }: PhotoOptions): Promise<Buffer> {
  let base: sharp.Sharp;
  if (width * height > 1_000_000) {
    const g = await grain(width, height);
    // Rasterise small first: resizing an SVG input would re-render the vector (and its noise
    // filter) at full size.
    const small = await sharp(Buffer.from(syntheticSvg(Math.ceil(width / 8), Math.ceil(height / 8), seed)))
      .png()
      .toBuffer();
    base = sharp(small)
      .resize(width, height, { kernel: 'cubic' })
      .composite([{ input: g.data, raw: { width, height, channels: 3 }, blend: 'soft-light' }]);
  } else {
    base = sharp(Buffer.from(syntheticSvg(width, height, seed)));
  }
  const img = base.removeAlpha();
  switch (format) {
    case 'jpeg':
      return img.jpeg({ quality }).toBuffer();
    case 'png':
      return img.png().toBuffer();
    case 'webp':
      return img.webp({ quality }).toBuffer();
    case 'gif':
      return img.gif().toBuffer();
    case 'tiff':
      return img.tiff().toBuffer();
    case 'avif':
      return img.avif({ quality: 60, effort: 0 }).toBuffer();
  }
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A decompression bomb: a PNG whose header claims width×height RGB pixels, with a few bytes of
 * image data. A reader that trusts the header before decoding would try to allocate it all. */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1 + width * 3))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
