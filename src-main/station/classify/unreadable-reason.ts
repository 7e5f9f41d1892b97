// Why a file is not a readable photo, in words a clerk can act on: empty, cut short, or not an
// image at all. The decoder's own messages ("unsupported image format", "Unknown error") say none
// of that, so the file's first bytes decide which it is.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

type Kind = 'JPEG' | 'PNG' | 'GIF' | 'WebP' | 'TIFF' | 'AVIF' | 'HEIC';

/** The image format its first bytes announce, or null. */
export function sniffImage(head: Buffer): Kind | null {
  const at = (i: number, s: string) => head.subarray(i, i + s.length).toString('latin1') === s;
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'JPEG';
  if (at(0, '\x89PNG')) return 'PNG';
  if (at(0, 'GIF8')) return 'GIF';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'WebP';
  if (at(0, 'II*\0') || at(0, 'MM\0*')) return 'TIFF';
  if (at(4, 'ftyp')) return at(8, 'avif') || at(8, 'avis') ? 'AVIF' : 'HEIC';
  return null;
}

function headOf(src: string | Buffer): { head: Buffer; size: number } | null {
  if (Buffer.isBuffer(src)) return { head: src.subarray(0, 16), size: src.length };
  try {
    const size = statSync(src).size;
    const fd = openSync(src, 'r');
    try {
      const head = Buffer.alloc(16);
      const n = readSync(fd, head, 0, 16, 0);
      return { head: head.subarray(0, n), size };
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** The reason to give for a file the decoder refused with `decoderMessage`. */
export function unreadableReason(src: string | Buffer, decoderMessage: string): string {
  const f = headOf(src);
  if (!f) return decoderMessage;
  if (f.size === 0) return 'empty file: 0 bytes';
  const kind = sniffImage(f.head);
  if (kind === 'HEIC') return 'HEIC/HEIF photos are not supported: set the camera to JPEG';
  if (kind) return `truncated or damaged ${kind}: the file ends before the picture does, or its data is broken`;
  return 'not an image: the file is not a JPEG, PNG, WebP, GIF, TIFF or AVIF photo';
}
