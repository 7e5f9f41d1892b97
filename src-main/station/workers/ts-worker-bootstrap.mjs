// Worker entry used when the station runs from TypeScript sources (tests, `npm run batch`, dev):
// registers tsx's loader inside the worker, then imports the real worker module. A bundled build
// starts the compiled worker file directly and never loads this.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
