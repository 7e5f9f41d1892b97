// The printed pick list: A4, Helvetica (one of PDF's standard fonts, so no font files ship), one
// section per category in warehouse order, one row per item in exactly the PickList's order. A
// row: tick box, return id, its Code 128, a thumbnail when the cache has one, category, band and
// confidence. Every page repeats the header (title, scope, totals) with "Page x of y".
//
// Barcodes are drawn as vector bars (see code128.ts) at 1 pt per module where they fit: that is
// ~2 px per module in a 150 dpi scan and far more on a printer, with white quiet zones either side.
import PDFDocument from 'pdfkit';
import type { PickList, PickListGroup, PickListLine } from '../../../src-shared/domain.ts';
import { localMinute } from '../../../src-shared/local-time.ts';
import { encodeCode128, QUIET_ZONE, type Code128 } from './code128.ts';

export interface PickListPdfOptions {
  /** A small JPEG of the item's photo, or null to leave the cell empty. Must not throw. */
  thumbnail?: (itemId: number) => Promise<Buffer | null>;
}

export interface RenderedPickList {
  bytes: Buffer;
  pages: number;
}

// Geometry, in PDF points (1/72 in).
const PAGE = { width: 595.28, height: 841.89, margin: 36 };
const HEADER_BOTTOM = 92;
const CONTENT_BOTTOM = PAGE.height - PAGE.margin;
const ROW = 46;
const GROUP_HEAD = 30;
const COL = { box: 36, id: 58, barcode: 178, barcodeMax: 214, thumb: 410, category: 460 };
const BAR_HEIGHT = 30;
const THUMB = 40;

function scopeLine(list: PickList): string {
  const s = list.scope;
  const scope =
    s.kind === 'batch'
      ? `Batch ${s.batchTimestamp} (run ${s.batchRunId})`
      : s.from === s.to
        ? `Filed on ${s.from}`
        : `Filed ${s.from} to ${s.to}`;
  return `${scope}${list.category ? ` · category ${list.category}` : ''} · generated ${localMinute(new Date(list.generatedAt))}`;
}

function totalsLine(list: PickList): string {
  const t = list.totals;
  return (
    `${t.items} item${t.items === 1 ? '' : 's'} · ${t.categories} categor${t.categories === 1 ? 'y' : 'ies'} · ${t.reviewed} reviewed · ` +
    `bands: ${t.bands.high} high, ${t.bands.medium} medium, ${t.bands.low} low`
  );
}

const locationText = (g: PickListGroup) =>
  g.location ? `Section ${g.location.section} · Aisle ${g.location.aisle}` : 'No warehouse location set';

export async function renderPickListPdf(list: PickList, opts: PickListPdfOptions = {}): Promise<RenderedPickList> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true, // "Page x of y" is written once the count is known
    info: { Title: list.title, Author: 'Returns Station', Subject: scopeLine(list), CreationDate: new Date(list.generatedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  /** Fits text into a width by cutting it with an ellipsis (no wrapping: a row has one line). */
  const fit = (text: string, width: number) => {
    if (doc.widthOfString(text) <= width) return text;
    let s = text;
    while (s.length > 1 && doc.widthOfString(`${s}…`) > width) s = s.slice(0, -1);
    return `${s}…`;
  };
  const put = (text: string, x: number, y: number, width: number) => doc.text(fit(text, width), x, y, { lineBreak: false });

  function header() {
    doc.fillColor('#000').font('Helvetica-Bold').fontSize(14);
    put(list.title, PAGE.margin, PAGE.margin, 400);
    doc.font('Helvetica').fontSize(9);
    put(scopeLine(list), PAGE.margin, PAGE.margin + 22, PAGE.width - 2 * PAGE.margin);
    put(totalsLine(list), PAGE.margin, PAGE.margin + 35, PAGE.width - 2 * PAGE.margin);
    doc
      .moveTo(PAGE.margin, HEADER_BOTTOM - 8)
      .lineTo(PAGE.width - PAGE.margin, HEADER_BOTTOM - 8)
      .lineWidth(0.5)
      .strokeColor('#888')
      .stroke();
  }

  let y = HEADER_BOTTOM;
  header();
  const newPage = () => {
    doc.addPage();
    header();
    y = HEADER_BOTTOM;
  };

  function groupHead(g: PickListGroup, continued: boolean) {
    doc.fillColor('#000').font('Helvetica-Bold').fontSize(11);
    const heading = g.disposition ? `${g.disposition} · ${g.category}` : g.category;
    put(`${heading}${continued ? ' (continued)' : ''}`, PAGE.margin, y + 4, 200);
    doc.font('Helvetica').fontSize(9);
    put(`${locationText(g)} · ${g.lines.length} item${g.lines.length === 1 ? '' : 's'}`, 250, y + 6, PAGE.width - PAGE.margin - 250);
    doc.fillColor('#666').fontSize(7);
    doc.text('Return id', COL.id, y + 20, { lineBreak: false });
    doc.text('Category · band · confidence', COL.category, y + 20, { lineBreak: false });
    y += GROUP_HEAD;
  }

  function bars(code: Code128, x: number, top: number) {
    const module = Math.min(1, COL.barcodeMax / (code.modules + 2 * QUIET_ZONE));
    const left = x + QUIET_ZONE * module;
    for (const [bx, w] of code.bars) doc.rect(left + bx * module, top, w * module, BAR_HEIGHT);
    doc.fillColor('#000').fill();
  }

  async function row(line: PickListLine) {
    doc
      .rect(COL.box, y + 12, 14, 14)
      .lineWidth(1)
      .strokeColor('#000')
      .stroke();
    doc.fillColor('#000');
    if (line.returnId) {
      doc.font('Helvetica-Bold').fontSize(10);
      put(line.returnId, COL.id, y + 10, COL.barcode - COL.id - 6);
      doc.font('Helvetica').fontSize(7).fillColor('#555');
      put(line.fileName, COL.id, y + 24, COL.barcode - COL.id - 6);
    } else {
      doc.font('Helvetica-Bold').fontSize(9);
      put(line.fileName, COL.id, y + 10, COL.barcode - COL.id - 6);
      doc.font('Helvetica').fontSize(7).fillColor('#555');
      put('no return id', COL.id, y + 24, COL.barcode - COL.id - 6);
    }
    let code: Code128 | null;
    try {
      code = line.returnId ? encodeCode128(line.returnId) : null;
    } catch {
      code = null; // not encodable (odd characters): the id is printed, the bars are left out
    }
    if (code) bars(code, COL.barcode, y + 4);
    const thumb = opts.thumbnail ? await opts.thumbnail(line.itemId).catch(() => null) : null;
    if (thumb) {
      try {
        doc.image(thumb, COL.thumb, y + 2, { fit: [THUMB, THUMB], align: 'center', valign: 'center' });
      } catch {
        // A damaged cache file is no reason to lose the list; the cell stays empty.
      }
    }
    doc.fillColor('#000').font('Helvetica').fontSize(9);
    put(line.category, COL.category, y + 8, PAGE.width - PAGE.margin - COL.category);
    doc.fontSize(8).fillColor('#333');
    const conf = line.confidence === null ? 'no prediction' : `${(line.confidence * 100).toFixed(1)} %`;
    put(
      `${line.band ?? '—'} · ${conf}${line.source === 'reviewed' ? ' · reviewed' : ''}`,
      COL.category,
      y + 21,
      PAGE.width - PAGE.margin - COL.category,
    );
    doc
      .moveTo(PAGE.margin, y + ROW - 2)
      .lineTo(PAGE.width - PAGE.margin, y + ROW - 2)
      .lineWidth(0.25)
      .strokeColor('#ccc')
      .stroke();
    y += ROW;
  }

  if (list.groups.length === 0) {
    doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor('#000')
      .text('No filed items in this scope.', PAGE.margin, y + 10, { lineBreak: false });
  }
  for (const g of list.groups) {
    // A section head never sits alone at the foot of a page.
    if (y + GROUP_HEAD + ROW > CONTENT_BOTTOM) newPage();
    groupHead(g, false);
    for (const line of g.lines) {
      if (y + ROW > CONTENT_BOTTOM) {
        newPage();
        groupHead(g, true);
      }
      await row(line);
    }
    y += 8;
  }

  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    doc.font('Helvetica').fontSize(9).fillColor('#000');
    const label = `Page ${i - start + 1} of ${count}`;
    doc.text(label, PAGE.width - PAGE.margin - doc.widthOfString(label), PAGE.margin + 4, { lineBreak: false });
  }
  doc.end();
  await done;
  return { bytes: Buffer.concat(chunks), pages: count };
}
