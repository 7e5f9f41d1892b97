// Two kinds of made-up desk photo that look nothing alike, for the tests where the station must learn
// a category from the morning review (no photos from outside the project): "legs" (two long trouser
// legs joined at the waist, on a pale floor) and "bag" (a rounded bag with a handle, on a wood floor).
// The seed varies colours, pose and light, so no two photos are the same.
import sharp from 'sharp';

export type PhotoKindName = 'legs' | 'bag';

function rand(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function svg(kind: PhotoKindName, seed: number, w: number, h: number): string {
  const r = rand(seed + (kind === 'bag' ? 7919 : 0));
  const jitter = (v: number, by: number) => v + (r() - 0.5) * 2 * by;
  const rot = jitter(0, 12);
  const light = Math.round(jitter(0, 18));
  const shade = (rgb: [number, number, number]) =>
    `rgb(${rgb.map((c) => Math.max(0, Math.min(255, Math.round(jitter(c, 20)) + light))).join(',')})`;
  const cx = w / 2;
  const cy = h / 2;
  const floor = kind === 'legs' ? shade([190, 186, 176]) : shade([170, 120, 75]);
  const boards =
    kind === 'bag'
      ? Array.from({ length: 6 }, (_, i) => `<rect x="0" y="${(i * h) / 6}" width="${w}" height="2" fill="rgb(120,80,45)"/>`).join('')
      : '';
  const item =
    kind === 'legs'
      ? `<g fill="${shade([40, 55, 110])}"><rect x="${cx - 70}" y="${cy - 170}" width="140" height="60" rx="8"/>
         <rect x="${cx - 70}" y="${cy - 120}" width="62" height="300" rx="10"/><rect x="${cx + 8}" y="${cy - 120}" width="62" height="300" rx="10"/></g>`
      : `<g><path d="M ${cx - 60} ${cy - 40} Q ${cx} ${cy - 150} ${cx + 60} ${cy - 40}" stroke="${shade([60, 30, 20])}" stroke-width="14" fill="none"/>
         <rect x="${cx - 120}" y="${cy - 45}" width="240" height="170" rx="36" fill="${shade([150, 30, 40])}"/>
         <rect x="${cx - 20}" y="${cy - 10}" width="40" height="22" rx="4" fill="${shade([210, 180, 90])}"/></g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="${floor}"/>${boards}
  <g transform="rotate(${rot} ${cx} ${cy}) translate(${jitter(0, 30)} ${jitter(0, 20)})">${item}</g></svg>`;
}

/** A JPEG of one kind; the same kind and seed give the same bytes. */
export async function kindPhoto(kind: PhotoKindName, seed: number, width = 640, height = 480): Promise<Buffer> {
  return sharp(Buffer.from(svg(kind, seed, width, height)))
    .removeAlpha()
    .jpeg({ quality: 88 })
    .toBuffer();
}
