// A station process for the outbox crash test: opens the station on argv[2] (its start exports the
// last finished run and queues its messages, then delivers them) and prints 'ready'. The test
// SIGKILLs it mid-delivery; a line 'close' on stdin closes it cleanly.
import { createStation } from '../station.ts';

const station = await createStation({
  root: process.argv[2]!,
  watch: false,
  schedule: false,
  receiving: { outbox: { backoffMs: 50, maxBackoffMs: 200, idleMs: 100 } },
});
await station.ready;
console.log('ready');
process.stdin.on('data', (d: Buffer) => {
  if (d.toString().includes('close')) void station.close().then(() => process.exit(0));
});
