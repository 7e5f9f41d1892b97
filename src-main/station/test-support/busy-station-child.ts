// A station core at work, for the crash test that SIGKILLs it: started on a folder, it records
// review decisions that move filed photos one after another, and now and then drops a new photo
// into incoming/ and runs a batch now, printing one line per step so the test can kill it at
// chosen moments. Usage: busy-station-child.ts ROOT POOL_DIR FIRST_POOL_INDEX SEED
import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createStation } from '../station.ts';

const [root, pool, firstText, seedText] = process.argv.slice(2) as [string, string, string, string];
let seed = Number(seedText);
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

const station = await createStation({ root, watch: false, schedule: true });
await station.ready;
const labels = ['Tshirts', 'Shirts', 'Casual Shoes', 'Watches', 'Sports Shoes', 'Kurtas', 'Tops', 'Handbags', 'Heels', 'Sunglasses'];
station.events.on('batch-progress', (p) => p.phase === 'file' && console.log(`step batch-file ${p.done}/${p.total}`));
console.log('step ready');
const poolFiles = (await readdir(pool)).sort();
let next = Number(firstText);

for (let step = 0; ; step++) {
  if (step % 4 === 1 && next < poolFiles.length) {
    const name = poolFiles[next++]!;
    await copyFile(path.join(pool, name), path.join(root, 'incoming', name));
    await station.handlers.runBatchNow({}).then(
      () => console.log('step batch-started'),
      () => console.log('step batch-busy'),
    );
  }
  const filed = station.db.items.listItemsByBatchRun(1).filter((i) => i.location === 'processed');
  const item = filed[Math.floor(rand() * filed.length)];
  if (!item) continue;
  const category = labels.filter((l) => l !== item.category)[Math.floor(rand() * (labels.length - 1))]!;
  await station.handlers.decide({ itemId: item.id, action: 'override', category, clerk: 'Crash test', durationMs: 100 }).then(
    () => console.log(`step decided ${item.id}`),
    (e: Error) => console.log(`step refused ${item.id}: ${e.message}`),
  );
}
