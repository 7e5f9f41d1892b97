// A desk head fit in a process of its own, for the test that SIGKILLs it half-way: prints "fitting"
// just before the fit starts and "recorded" once the head is in the database.
// Usage: desk-fit-child.ts ROOT
import path from 'node:path';
import { DEFAULT_CATEGORIES } from '../../../src-shared/domain.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { fitAndRecord } from '../desk/fit-and-record.ts';
import { TEST_MODEL_SHA } from './desk-examples.ts';

const db = openStationDb(path.join(process.argv[2]!, 'station.db'));
console.log('fitting');
const outcome = fitAndRecord(db, { modelSha256: TEST_MODEL_SHA, labels: DEFAULT_CATEGORIES, trigger: 'manual' });
console.log(`recorded ${outcome.head?.id ?? outcome.problem}`);
db.close();
