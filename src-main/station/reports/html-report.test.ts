import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { renderHtmlReport } from './html-report.ts';
import { row, sampleInput, sampleRows } from './report-test-fixtures.ts';

let root: string;
let outside: string;
beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'rs-html-'));
  root = path.join(base, 'station');
  outside = path.join(base, 'secret.jpg');
  await mkdir(path.join(root, 'processed', 'Watches'), { recursive: true });
  await mkdir(path.join(root, 'processed', 'Tshirts'), { recursive: true });
  // One readable low-confidence photo; return_20251013_004.jpg is missing on purpose.
  await writeFile(path.join(root, 'processed', 'Watches', 'return_20251013_005.jpg'), await syntheticPhoto({ width: 640, height: 480 }));
  await writeFile(path.join(root, 'processed', 'Tshirts', 'broken.jpg'), Buffer.from('not a jpeg at all'));
  await writeFile(outside, await syntheticPhoto({ width: 64, height: 64, seed: 3 }));
});
afterAll(async () => {
  await rm(path.dirname(root), { recursive: true, force: true });
});

const countImgs = (html: string) => (html.match(/<img class="thumb" src="data:image\/jpeg;base64,[A-Za-z0-9+/=]+"/g) ?? []).length;

describe('HTML report', () => {
  it('has every section the desk knows, and is self-contained', async () => {
    const html = await renderHtmlReport(
      sampleInput({ alerts: [{ severity: 'warning', title: 'Slow batch', message: 'Batch took 18.2 minutes (threshold: 15 minutes).' }] }),
      { stationRoot: root },
    );
    for (const h of [
      'Executive summary',
      'Category distribution',
      'Confidence distribution',
      'Items requiring review',
      'Processing timeline',
      'Error summary',
    ]) {
      expect(html).toContain(`${h}</h2>`);
    }
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(/i);
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('83.33 %'); // success rate
    expect(html).toContain('8 min 15 s'); // duration
    expect(html).toContain('Slow batch');
    expect(html).toContain('Corrupt image file');
    expect(html).toContain('Results saved');
  });

  it('lists low-confidence items, least sure first, with a thumbnail or a placeholder', async () => {
    const html = await renderHtmlReport(sampleInput(), { stationRoot: root });
    const review = html.slice(html.indexOf('id="review"'), html.indexOf('id="timeline"'));
    expect(review.indexOf('return_20251013_005.jpg')).toBeLessThan(review.indexOf('return_20251013_004.jpg'));
    expect(review).not.toContain('return_20251013_003.jpg'); // 0.70 is medium, not review
    expect(review).toContain('41.0 %');
    expect(review).toContain('69.9 %'); // truncated, so it never looks like it reached 70 %
    expect(countImgs(review)).toBe(1);
    expect(review).toContain('No preview'); // the missing photo
  });

  it('shows a photo whose name starts with two dots: inside the root, not a way out', async () => {
    const rows = [row({ fileName: '..return_20251013_006.jpg', confidence: 0.3, thumbnail: '..return_20251013_006.jpg' })];
    await writeFile(path.join(root, '..return_20251013_006.jpg'), await syntheticPhoto({ width: 64, height: 64 }));
    expect(countImgs(await renderHtmlReport(sampleInput({ rows }), { stationRoot: root }))).toBe(1);
  });

  it('never fails on unreadable or out-of-root photos', async () => {
    const rows = [
      row({ fileName: 'broken.jpg', confidence: 0.3 }),
      row({ fileName: 'escape.jpg', confidence: 0.3, thumbnail: path.relative(root, outside) }),
      row({ fileName: 'abs.jpg', confidence: 0.3, thumbnail: outside }),
      row({ fileName: 'none.jpg', confidence: 0.3, destination: null }),
    ];
    const html = await renderHtmlReport(sampleInput({ rows }), { stationRoot: root });
    expect(countImgs(html)).toBe(0);
    expect(html.match(/No preview/g)).toHaveLength(4);
  });

  it('escapes file names and every other outside string', async () => {
    const evil = '<script>alert("x")</script>.jpg';
    const rows = [
      ...sampleRows(),
      row({ fileName: evil, confidence: 0.2 }),
      row({ fileName: `"><img src=x onerror=alert(1)>.jpg`, status: 'error', error: '<b>bad</b>' }),
    ];
    const html = await renderHtmlReport(
      sampleInput({ rows, timeline: [{ at: 'now', event: '<i>x</i>' }], run: { ...sampleInput().run, errorMessage: '<script>' } }),
      { stationRoot: root },
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bad');
    expect(html).not.toContain('<i>x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.jpg');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.jpg');
  });

  it('is deterministic, so a rewrite of the same run gives the same bytes', async () => {
    const a = await renderHtmlReport(sampleInput(), { stationRoot: root });
    const b = await renderHtmlReport(sampleInput(), { stationRoot: root });
    expect(a).toBe(b);
  });

  it('says so when there is nothing to review and no error', async () => {
    const html = await renderHtmlReport(sampleInput({ rows: [row({ fileName: 'a.jpg' })], timeline: [] }), { stationRoot: root });
    expect(html).toContain('No item is below 70 % confidence.');
    expect(html).toContain('No errors.');
    expect(html).toContain('No events recorded.');
  });
});
