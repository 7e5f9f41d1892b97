// Code 128 for return ids. bwip-js (BWIPP) does the encoding — code-set choice, checksum, start and
// stop — and we draw its bar widths ourselves, as SVG for the screen and as vector rectangles in
// the PDF. Why not bwip-js's own toSVG/toBuffer: they take ~2–6 ms per symbol (mostly drawing),
// bwipjs.raw takes ~0.2 ms, and a pick list has hundreds of lines; vector bars also print crisp at
// any printer resolution. The bars are the same either way (code128.test.ts compares them with
// bwip-js's own SVG). The renderer gets finished SVG text, so it never needs bwip-js.
import bwipjs from 'bwip-js';

export interface Code128 {
  text: string;
  /** Bars as [x, width] in modules, left to right, without quiet zones. */
  bars: [number, number][];
  /** Width of the symbol in modules. */
  modules: number;
}

/** Quiet zone each side, in modules (the standard asks for at least 10). */
export const QUIET_ZONE = 10;

export function encodeCode128(text: string): Code128 {
  const symbols = bwipjs.raw({ bcid: 'code128', text });
  const first = symbols[0];
  if (!first || !('sbs' in first)) throw new Error(`bwip-js gave no bars for "${text}"`);
  // sbs alternates bar, space, bar, … widths in modules, starting with a bar.
  const bars: [number, number][] = [];
  let x = 0;
  first.sbs.forEach((w, i) => {
    if (i % 2 === 0) bars.push([x, w]);
    x += w;
  });
  return { text, bars, modules: x };
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A standalone SVG document: black bars on white with the quiet zones, `heightModules` tall, no
 * text (the screen prints the id beside it). Sized by viewBox only, so CSS decides its size;
 * crispEdges keeps bars sharp when a module does not land on whole pixels.
 */
export function code128Svg(code: Code128, heightModules = 40): string {
  const width = code.modules + 2 * QUIET_ZONE;
  const d = code.bars.map(([x, w]) => `M${x + QUIET_ZONE} 0h${w}v${heightModules}h-${w}z`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${heightModules}" shape-rendering="crispEdges" role="img" aria-label="Code 128: ${xmlEscape(code.text)}">` +
    `<rect width="${width}" height="${heightModules}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  );
}
