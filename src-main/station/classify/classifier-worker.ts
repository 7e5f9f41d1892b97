// The classifier worker: the one place that owns the ONNX session and runs sharp for
// classification, so the station's main thread never decodes an image. The batch worker's requests
// are relayed by the main thread, so a restart of this worker is handled in one place.
import { parentPort, workerData } from 'node:worker_threads';
import { createClassifier, type Classifier } from './classifier.ts';
import { isClassifyError } from './classify-errors.ts';
import type { ClassifierWorkerData, ClassifyRequest, WireResult, WorkerReply } from './classifier-protocol.ts';

const data = workerData as ClassifierWorkerData;
const parent = parentPort!;

function serve(classifier: Classifier) {
  parent.on('message', async (msg: ClassifyRequest) => {
    if (msg.type !== 'classify') return;
    const out = await classifier.classifyMany(msg.files);
    const results: WireResult[] = out.map((r) =>
      r.ok ? r : { ok: false, error: { code: r.error.code, message: r.error.message, file: r.error.file } },
    );
    parent.postMessage({ type: 'results', id: msg.id, results } satisfies WorkerReply);
  });
}

try {
  const classifier = await createClassifier({
    modelDir: data.modelDir,
    threads: data.threads,
    decodeConcurrency: data.decodeConcurrency,
  });
  const m = classifier.manifest;
  serve(classifier);
  parent.postMessage({
    type: 'ready',
    model: { name: m.name, version: m.version, sha256: m.sha256, labels: m.labels, metrics: m.metrics, dir: classifier.modelDir },
  } satisfies WorkerReply);
} catch (e) {
  const error = isClassifyError(e)
    ? { code: e.code, message: e.message, file: e.file }
    : { code: 'WORKER_FAILED' as const, message: e instanceof Error ? e.message : String(e) };
  parent.postMessage({ type: 'fatal', error } satisfies WorkerReply);
}
