// The layer rules in eslint.layers.js, checked the way `npm run lint` applies them: each planted
// import in a file of the layer is reported, and a clean import next to it is not. The station's
// inner walls the same way: every folder may import each folder its line allows, and no other.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stationLayers } from '../eslint.layers.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: repo });

async function reported(file: string, code: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}
const restricted = (file: string, code: string) => reported(file, code, 'no-restricted-imports');
const walled = (file: string, code: string) => reported(file, code, 'station/inner-walls');

const cases: { layer: string; file: string; clean: string; banned: string[] }[] = [
  {
    layer: 'station core',
    file: 'src-main/station/batch/planted.ts',
    clean: "import { readFile } from 'node:fs/promises';\nimport type { Item } from '../../../src-shared/domain.ts';",
    banned: [
      "import { app } from 'electron';",
      "import { createRoot } from 'react-dom/client';",
      "import { useState } from 'react';",
      "import { runApp } from '../../shell/run-app.ts';",
      "import { startWebServer } from '../../web/web-server.ts';",
    ],
  },
  {
    layer: 'browser mode',
    file: 'src-main/web/planted.ts',
    clean: "import { createStation } from '../station/station.ts';",
    banned: ["import { APP_ORIGIN } from '../shell/secure-window.ts';"],
  },
  {
    layer: 'shared contract',
    file: 'src-shared/planted.ts',
    clean: "import { z } from 'zod';\nimport { DEFAULT_CATEGORIES } from './domain.ts';",
    banned: [
      "import { readFile } from 'node:fs/promises';",
      "import path from 'path';",
      "import { STATION_SUBFOLDERS } from '../src-main/station/station-layout.ts';",
    ],
  },
  {
    layer: 'screens',
    file: 'src-renderer/review/planted.tsx',
    clean: "import { useState } from 'react';\nimport type { Item } from '../../src-shared/domain.ts';",
    banned: [
      "import { createHash } from 'node:crypto';",
      "import os from 'os';",
      "import { openStationDb } from '../../src-main/station/db/open-station-db.ts';",
    ],
  },
];

describe('layer boundaries', () => {
  for (const c of cases) {
    it(`the ${c.layer} (${path.dirname(c.file)}) accepts its own imports`, async () => {
      expect(await restricted(c.file, c.clean)).toEqual([]);
    });
    for (const line of c.banned) {
      it(`the ${c.layer} may not: ${line}`, async () => {
        expect(await restricted(c.file, `${c.clean}\n${line}`)).toHaveLength(1);
      });
    }
  }

  it('the shell may use Electron and the station', async () => {
    expect(
      await restricted(
        'src-main/shell/planted.ts',
        "import { app } from 'electron';\nimport { createStation } from '../station/station.ts';",
      ),
    ).toEqual([]);
  });
});

/** A file planted in `layer` (a folder of src-main/station, or one of its top-level files). */
const plantedIn = (layer: string) => (layer.endsWith('.ts') ? `src-main/station/${layer}` : `src-main/station/${layer}/planted.ts`);
/** An import, from a file planted in `from`, of a module of `to`. */
function importOf(from: string, to: string): string {
  const up = from.endsWith('.ts') ? './' : '../';
  return `import { x } from '${up}${to.endsWith('.ts') ? to : `${to}/some-module.ts`}';`;
}
const layers = Object.keys(stationLayers);

describe('station inner walls', () => {
  for (const from of layers) {
    const allowed = stationLayers[from]!;
    if (allowed === '*') continue;
    const banned = layers.filter((to) => to !== from && !allowed.includes(to));
    it(`${from} may import ${allowed.join(', ') || 'no other station folder'}`, async () => {
      const clean = [
        `import { y } from '${from.endsWith('.ts') ? '../' : '../../'}../src-shared/domain.ts';`,
        ...allowed.map((to) => importOf(from, to)),
      ];
      expect(await walled(plantedIn(from), clean.join('\n'))).toEqual([]);
    });
    it(`${from} may not import any of the ${banned.length} others`, async () => {
      const found = await walled(plantedIn(from), banned.map((to) => importOf(from, to)).join('\n'));
      expect(found).toHaveLength(banned.length);
      banned.forEach((to, i) => expect(found[i]).toContain(`${from} may not import ${to}:`));
    });
  }

  // The walls issue 34 found broken, each planted again where it was.
  it.each([
    ['src-main/station/db/open-checked-db.ts', "import { reconcileRestoredDb } from '../recovery/reconcile-restored-db.ts';"],
    ['src-main/station/db/item-queries.ts', "import { encodeFeatures } from '../desk/features-codec.ts';"],
    ['src-main/station/db/item-queries.ts', "import type { StoredReading } from '../classify/band-reading.ts';"],
    ['src-main/station/db/migrations/005-planted.ts', "import { readSettings } from '../../settings/stored-settings.ts';"],
    ['src-main/station/intake/refuse-symlink.ts', "import { writeErrorNote } from '../batch/file-photo.ts';"],
    ['src-main/station/recovery/reconcile-restored-db.ts', "import { arrivalState } from '../batch/recover-moves.ts';"],
    ['src-main/station/desk/replay-eval.ts', "import { seededRandom } from '../history/seeded-random.ts';"],
    ['src-main/station/bench/bench-photos.ts', "import { syntheticPhoto } from '../test-support/synthetic-photo.ts';"],
  ])('%s may not: %s', async (file, line) => {
    expect(await walled(file, line)).toHaveLength(1);
  });

  it('shipped code never imports test code; tests may import any station module', async () => {
    const testCode = [
      "import { syntheticPhoto } from '../test-support/kind-photo.ts';",
      "import { sampleInput } from '../reports/report-test-fixtures.ts';",
      "import { tempDb } from '../db/test-temp-db.ts';",
    ];
    const shipped = await walled('src-main/station/bench/bench-photos.ts', testCode.join('\n'));
    expect(shipped).toHaveLength(3);
    expect(shipped[0]).toContain('never imports test code');
    const tests = [...testCode, "import { createStation } from '../station.ts';", "import { x } from '../recovery/open-checked-db.ts';"];
    expect(await walled('src-main/station/db/planted.test.ts', tests.join('\n'))).toEqual([]);
  });

  it('a folder without a line in the table does not lint', async () => {
    expect(await walled('src-main/station/newfolder/planted.ts', "import { x } from '../db/station-db.ts';")).toEqual([
      expect.stringContaining('newfolder has no line in the station layer table'),
    ]);
  });

  it('the composition root may import every folder', async () => {
    const all = layers.filter((l) => l !== 'station.ts').map((to) => importOf('station.ts', to));
    expect(await walled('src-main/station/station.ts', all.join('\n'))).toEqual([]);
  });
});
