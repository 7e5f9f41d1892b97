import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textCell } from './csv-cell.ts';
import { parseCsv, row, sampleRows } from './report-test-fixtures.ts';
import { resultsCsv } from './results-csv.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-csv-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('results CSV', () => {
  it('starts with the desk five columns, then ours', () => {
    const lines = resultsCsv(sampleRows()).split('\r\n');
    expect(lines[0]).toBe('filename,category,confidence,status,timestamp,return_id,band,error');
  });

  it('writes a success and an error row as the desk knows them', () => {
    const lines = resultsCsv(sampleRows()).split('\r\n');
    expect(lines[1]).toBe('return_20251013_001.jpg,Tshirts,0.9534,success,2025-10-13T02:00:04,RET-20251013-001,high,');
    expect(lines[6]).toBe('return_20251013_006.jpg,,0.0000,error,2025-10-13T02:00:19,RET-20251013-006,,Corrupt image file');
    expect(lines[7]).toBe('');
    expect(lines).toHaveLength(8);
  });

  it('fills the band from the thresholds when a success row has none', () => {
    const csv = resultsCsv([row({ fileName: 'x.jpg', confidence: 0.72 })], { thresholds: { high: 0.9, low: 0.75 } });
    expect(csv.split('\r\n')[1]).toBe('x.jpg,Tshirts,0.7200,success,2025-10-13T02:00:04,,low,');
  });

  it('quotes names with commas, quotes and newlines (RFC 4180) and reads back the same', () => {
    const names = ['a,"b".jpg', 'line\nbreak.jpg', 'plain.jpg'];
    const csv = resultsCsv(names.map((fileName) => row({ fileName })));
    expect(csv.split('\r\n')[1]).toBe('"a,""b"".jpg",Tshirts,0.9534,success,2025-10-13T02:00:04,,high,');
    const back = parseCsv(csv);
    expect(back.slice(1).map((r) => r[0])).toEqual(names);
    expect(back.every((r) => r.length === 8)).toBe(true);
  });

  it('keeps unicode names intact as UTF-8 on disk', async () => {
    const name = 'Рубашка_größe_👕.jpg';
    const file = path.join(tmp, 'u.csv');
    await writeFile(file, resultsCsv([row({ fileName: name })]), 'utf8');
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('filename'); // no BOM by default
    expect(bytes.includes(Buffer.from(name, 'utf8'))).toBe(true);
    expect(parseCsv(bytes.toString('utf8'))[1]![0]).toBe(name);
    expect(resultsCsv([], { bom: true }).startsWith('\uFEFFfilename,')).toBe(true);
  });

  it('defuses spreadsheet formulas in text cells', () => {
    expect(textCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const s of ['+1.jpg', '-1.jpg', '@sum.jpg', '\tx.jpg']) expect(textCell(s)).toBe(`'${s}`);
    expect(textCell('return_1.jpg')).toBe('return_1.jpg');
    const csv = resultsCsv([row({ fileName: '=cmd.jpg', status: 'error', error: '-bad header' })]);
    expect(csv.split('\r\n')[1]).toBe("'=cmd.jpg,,0.0000,error,2025-10-13T02:00:04,,,'-bad header");
  });

  it('clamps odd confidences and keeps 4 decimals', () => {
    const csv = resultsCsv([row({ fileName: 'a.jpg', confidence: 1.2 }), row({ fileName: 'b.jpg', confidence: Number.NaN, band: 'low' })]);
    const r = parseCsv(csv);
    expect(r[1]![2]).toBe('1.0000');
    expect(r[2]![2]).toBe('0.0000');
  });
});
