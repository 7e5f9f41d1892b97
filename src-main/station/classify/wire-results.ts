// The classifier's answers as they cross a thread boundary: plain data, errors named by file. The
// classifier worker answers with these, and the bench's profile builds the same ones in its own
// thread.
import path from 'node:path';
import { bandTemperatures } from './band-reading.ts';
import type { Classified, Classifier } from './classifier.ts';
import type { ModelInfo, WireResult } from './classifier-protocol.ts';
import { THUMBNAIL_SIZE } from './preprocess.ts';

const toWire = (r: Classified): WireResult =>
  r.ok ? r : { ok: false, error: { code: r.error.code, message: r.error.message, file: r.error.file } };

/** One answer per file, in order. With `hash`, each file is read once for its content hash and its
 * classification, and each success carries a thumbnail (what the batch and intake store). */
export async function classifyForWire(classifier: Classifier, files: string[], hash: boolean): Promise<WireResult[]> {
  if (!hash) return (await classifier.classifyMany(files)).map(toWire);
  const results = await classifier.classifyFilesHashed(files, { thumbnail: THUMBNAIL_SIZE });
  return results.map(({ read, classified: c }, i) => {
    if (!read.ok) return read;
    if (!c)
      return { ok: false, error: { code: 'WORKER_FAILED', message: `Photo was read but not classified: ${files[i]}`, file: files[i] } };
    // Errors about a buffer name the file, so the batch log and error.txt say which photo it was.
    const wire = c.ok
      ? c
      : toWire({
          ok: false,
          error: Object.assign(c.error, { file: files[i], message: c.error.message.replace(/\(\d+-byte buffer\)/, files[i]!) }),
        });
    return { ...wire, sha256: read.sha256, sizeBytes: read.sizeBytes };
  });
}

/** What the classifier says about its model when it is ready. */
export function modelInfo(classifier: Classifier): ModelInfo {
  const m = classifier.manifest;
  return {
    name: m.name,
    version: m.version,
    sha256: m.sha256,
    labels: m.labels,
    metrics: m.metrics,
    dir: classifier.modelDir,
    temperatures: bandTemperatures(m),
    kinds: m.kinds ? { labels: m.kinds.labels, names: m.kinds.names, categories: m.kinds.categories } : null,
    driftReference: m.driftReference
      ? { path: path.join(classifier.modelDir, m.driftReference.file), sha256: m.driftReference.sha256 }
      : null,
  };
}
