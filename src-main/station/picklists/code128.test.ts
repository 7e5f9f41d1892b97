import bwipjs from 'bwip-js';
import { describe, expect, it } from 'vitest';
import { code128Svg, encodeCode128, QUIET_ZONE } from './code128.ts';

/** Bars as [x, width] in modules, read back from bwip-js's own SVG (scale 2: 2 px per module;
 * each bar is a stroke centred on its x). */
function bwipBars(text: string): [number, number][] {
  const svg = bwipjs.toSVG({ bcid: 'code128', text, scale: 2, height: 10, includetext: false });
  const bars: [number, number][] = [];
  for (const m of svg.matchAll(/<path stroke="#000000" stroke-width="(\d+(?:\.\d+)?)" d="([^"]+)"/g)) {
    const w = Number(m[1]);
    for (const seg of m[2]!.matchAll(/M(\d+(?:\.\d+)?) /g)) bars.push([(Number(seg[1]) - w / 2) / 2, w / 2]);
  }
  return bars.sort((a, b) => a[0] - b[0]);
}

describe('Code 128 from bwip-js', () => {
  it.each(['RET-20251013-001', 'RET-20260229-12345', 'A'])('draws the same bars as bwip-js itself for %s', (text) => {
    const code = encodeCode128(text);
    expect(code.bars).toEqual(bwipBars(text));
    expect(code.modules).toBe(code.bars.at(-1)![0] + code.bars.at(-1)![1]);
  });

  it('makes a standalone SVG with quiet zones and no text', () => {
    const code = encodeCode128('RET-20251013-001');
    const svg = code128Svg(code);
    expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${code.modules + 2 * QUIET_ZONE} 40"`));
    expect(svg.match(/h\d+v40h-\d+z/g)).toHaveLength(code.bars.length);
    expect(svg).not.toContain('<text');
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('keeps its label well-formed whatever the text', () => {
    expect(code128Svg(encodeCode128('a"<b>&'))).toContain('aria-label="Code 128: a&quot;&lt;b&gt;&amp;"');
  });
});
