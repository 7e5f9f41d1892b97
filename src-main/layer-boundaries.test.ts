// The layer rules in eslint.layers.js, checked the way `npm run lint` applies them: each planted
// import in a file of the layer is reported, and a clean import next to it is not.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: repo });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

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
