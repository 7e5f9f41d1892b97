// The classifier worker: the one place that owns the ONNX session and runs sharp for
// classification, so the station's main thread never decodes an image. The batch worker's requests
// are relayed by the main thread, so a restart of this worker is handled in one place.
import { parentPort, workerData } from 'node:worker_threads';
import { createClassifier, type Classifier } from './classifier.ts';
import { isClassifyError } from './classify-errors.ts';
import { type ClassifierWorkerData, type ClassifyRequest, type CloseRequest, type WorkerReply } from './classifier-protocol.ts';
import { classifyForWire, modelInfo } from './wire-results.ts';

const data = workerData as ClassifierWorkerData;
const parent = parentPort!;

function serve(classifier: Classifier) {
  const inFlight = new Set<Promise<void>>();
  parent.on('message', (msg: ClassifyRequest | CloseRequest) => {
    if (msg.type === 'close') return void closeWhenIdle(classifier, inFlight);
    if (msg.type !== 'classify') return;
    const job = (async () => {
      const results = await classifyForWire(classifier, msg.files, msg.hash ?? false);
      parent.postMessage({ type: 'results', id: msg.id, results } satisfies WorkerReply);
    })();
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  });
}

/** Lets running decodes and model runs finish, releases the ONNX session and closes the port, so
 * the thread ends by itself: terminating it while native work is under way is how ONNX Runtime and
 * libvips get torn down mid-call, which can take the whole process with them. */
async function closeWhenIdle(classifier: Classifier, inFlight: Set<Promise<void>>) {
  await Promise.allSettled([...inFlight]);
  await classifier.close();
  parent.close();
}

try {
  const classifier = await createClassifier({
    modelDir: data.modelDir,
    threads: data.threads,
    decodeConcurrency: data.decodeConcurrency,
  });
  serve(classifier);
  parent.postMessage({ type: 'ready', model: modelInfo(classifier) } satisfies WorkerReply);
} catch (e) {
  const error = isClassifyError(e)
    ? { code: e.code, message: e.message, file: e.file }
    : { code: 'WORKER_FAILED' as const, message: e instanceof Error ? e.message : String(e) };
  parent.postMessage({ type: 'fatal', error } satisfies WorkerReply);
  parent.close(); // nothing to serve: end the thread; the service does not restart after a fatal error
}
