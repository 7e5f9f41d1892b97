// Sender folds: the real photos of `senders.csv` (image,split,kind,sender,kids) dealt into k folds by
// the person who took them, so that a figure can be measured on rooms, cameras and lights the fit
// never saw. The rule is the trainer's (models/training/rs/kinds.py `sender_folds`), line for line:
// senders in sha1 order, then the biggest first (a stable sort), each to the fold with the fewest
// photos so far (ties: the lowest fold). No seed, no file order.
import { createHash } from 'node:crypto';

export const SENDER_FOLDS = 10;

/** image id (file name without extension) → fold. */
export function senderFolds(csvText: string, k = SENDER_FOLDS): Map<string, number> {
  const lines = csvText.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',');
  const imageCol = header.indexOf('image');
  const senderCol = header.indexOf('sender');
  if (imageCol < 0 || senderCol < 0) throw new Error('senders file: expected the columns image and sender');
  const bySender = new Map<string, string[]>();
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const image = cells[imageCol];
    const sender = cells[senderCol];
    if (!image || !sender) throw new Error(`senders file line ${i + 2}: no image or sender`);
    bySender.set(sender, [...(bySender.get(sender) ?? []), image]);
  });
  const hash = (s: string) => createHash('sha1').update(`returns-station/senders/v1:${s}`).digest('hex');
  const order = [...bySender.keys()]
    .map((s) => ({ s, h: hash(s) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
    .map((x) => x.s)
    .sort((a, b) => bySender.get(b)!.length - bySender.get(a)!.length);
  const counts = new Array<number>(k).fill(0);
  const out = new Map<string, number>();
  for (const s of order) {
    const fold = counts.indexOf(Math.min(...counts));
    const images = bySender.get(s)!;
    counts[fold]! += images.length;
    for (const image of images) out.set(image, fold);
  }
  return out;
}

/** "9", "0-7" or "0-3,8" → the fold numbers, each in 0..k-1. */
export function parseFolds(text: string, k = SENDER_FOLDS): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] === undefined ? lo : Number(m[2]);
    if (!m || lo > hi || hi >= k) throw new Error(`"${text}" is not a list of folds 0-${k - 1} (e.g. 9 or 0-7)`);
    for (let f = lo; f <= hi; f++) out.add(f);
  }
  return out;
}
