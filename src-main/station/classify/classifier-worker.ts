// The classifier worker: the one place that owns the ONNX session and runs sharp for
// classification, so the station's main thread never decodes an image. The batch worker's requests
// are relayed by the main thread, so a restart of this worker is handled in one place.
import { parentPort, workerData } from 'node:worker_threads';
import { bandTemperatures } from './band-reading.ts';
import { createClassifier, type Classified, type Classifier } from './classifier.ts';
import { isClassifyError } from './classify-errors.ts';
import { THUMBNAIL_SIZE } from './preprocess.ts';
import {
  type ClassifierWorkerData,
  type ClassifyRequest,
  type CloseRequest,
  type WireResult,
  type WorkerReply,
} from './classifier-protocol.ts';

const data = workerData as ClassifierWorkerData;
const parent = parentPort!;

function serve(classifier: Classifier) {
  const inFlight = new Set<Promise<void>>();
  parent.on('message', (msg: ClassifyRequest | CloseRequest) => {
    if (msg.type === 'close') return void closeWhenIdle(classifier, inFlight);
    if (msg.type !== 'classify') return;
    const job = (async () => {
      const results = msg.hash ? await classifyHashed(classifier, msg.files) : await classifyPaths(classifier, msg.files);
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

const toWire = (r: Classified): WireResult =>
  r.ok ? r : { ok: false, error: { code: r.error.code, message: r.error.message, file: r.error.file } };

async function classifyPaths(classifier: Classifier, files: string[]): Promise<WireResult[]> {
  return (await classifier.classifyMany(files)).map(toWire);
}

async function classifyHashed(classifier: Classifier, files: string[]): Promise<WireResult[]> {
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
    model: {
      name: m.name,
      version: m.version,
      sha256: m.sha256,
      labels: m.labels,
      metrics: m.metrics,
      dir: classifier.modelDir,
      temperatures: bandTemperatures(m),
    },
  } satisfies WorkerReply);
} catch (e) {
  const error = isClassifyError(e)
    ? { code: e.code, message: e.message, file: e.file }
    : { code: 'WORKER_FAILED' as const, message: e instanceof Error ? e.message : String(e) };
  parent.postMessage({ type: 'fatal', error } satisfies WorkerReply);
  parent.close(); // nothing to serve: end the thread; the service does not restart after a fatal error
}
