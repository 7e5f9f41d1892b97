// The layer rules of docs/architecture.md as `no-restricted-imports` settings, one entry per layer,
// and the station core's inner walls (`stationLayers`, checked by eslint-rules/station-inner-walls.js).
// Kept apart from eslint.config.js so that the boundary test can name them.
import { stationInnerWalls } from './eslint-rules/station-inner-walls.js';

const nodeBuiltins = {
  group: [
    'node:*',
    'fs',
    'fs/*',
    'path',
    'os',
    'child_process',
    'crypto',
    'url',
    'util',
    'worker_threads',
    'stream',
    'stream/*',
    'events',
    'http',
    'https',
    'net',
    'zlib',
    'buffer',
  ],
  message: 'Screens and the shared contract run in the renderer: no Node built-ins.',
};
const mainCode = {
  group: ['**/src-main', '**/src-main/**'],
  message: 'The renderer and src-shared never reach into src-main; share through src-shared.',
};

/**
 * The station core's inner walls: each folder of src-main/station (or top-level file) and what it
 * may import besides itself, src-shared and packages. Lower layers first; nothing imports upwards.
 * '*' is the composition root. A new folder needs a line here before it lints.
 */
export const stationLayers = {
  // The bottom: they know no other station folder.
  fs: [],
  workers: [],
  synthetic: [],
  db: [],
  'station-events.ts': [],
  'station-layout.ts': [],
  'window-only-handlers.ts': [],
  // The bench's meter of CPU per step, passed down by the bench only (the station passes none).
  'step-meter.ts': [],
  'station-paths.ts': ['fs'],
  'static-files.ts': ['fs'],
  'station-folder.ts': ['station-layout.ts'],
  classify: ['workers', 'step-meter.ts'],
  // The drift watch's math: pure, over the classifier's answers as plain numbers.
  drift: ['synthetic'],
  // Parts over the database and the files.
  filing: ['db', 'fs'],
  alerts: ['db'],
  reports: ['fs', 'classify'],
  desk: ['db', 'classify', 'workers', 'synthetic', 'station-events.ts'],
  intake: ['db', 'fs', 'filing', 'classify', 'desk', 'station-events.ts'],
  history: ['db', 'alerts', 'reports', 'synthetic'],
  recovery: ['db', 'fs', 'filing'],
  picklists: ['db', 'fs', 'intake', 'station-paths.ts'],
  'photo-access.ts': ['db', 'fs', 'intake'],
  batch: [
    'step-meter.ts',
    'db',
    'fs',
    'filing',
    'classify',
    'desk',
    'intake',
    'reports',
    'alerts',
    'drift',
    'workers',
    'station-events.ts',
    'station-layout.ts',
    'station-paths.ts',
  ],
  // The screens' handlers over the parts.
  review: ['db', 'fs', 'filing', 'batch', 'station-events.ts'],
  settings: ['db', 'alerts', 'intake', 'station-events.ts', 'station-folder.ts'],
  // Receiving: expected returns, conditions, exports and the outbox, over the stored items.
  receiving: ['db', 'fs', 'picklists', 'station-paths.ts'],
  // What runs the parts: start-up and the bench.
  'station-status.ts': '*',
  'station.ts': '*',
  bench: ['db', 'classify', 'desk', 'drift', 'history', 'batch', 'synthetic', 'station.ts', 'step-meter.ts'],
};

export const layerRules = [
  {
    name: 'layers/station',
    files: ['src-main/station/**/*.{ts,tsx,mjs,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The station core is plain Node: Electron belongs to src-main/shell.' },
            { name: 'react', message: 'The station core has no UI.' },
            { name: 'react-dom', message: 'The station core has no UI.' },
          ],
          patterns: [
            { group: ['electron/*', 'react/*', 'react-dom/*'], message: 'The station core is plain Node, without Electron or React.' },
            {
              group: ['**/shell', '**/shell/**', '**/web', '**/web/**'],
              message: 'The station core never depends on its adapters (shell/, web/).',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'layers/web',
    files: ['src-main/web/**/*.{ts,tsx,mjs,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/shell', '**/shell/**'], message: 'Browser mode runs without Electron: never import src-main/shell.' }],
        },
      ],
    },
  },
  {
    name: 'layers/shared-and-renderer',
    files: ['src-shared/**/*.{ts,tsx}', 'src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, mainCode] }],
    },
  },
  {
    name: 'layers/station-inner',
    files: ['src-main/station/**/*.{ts,tsx,mjs,js}'],
    plugins: { station: { rules: { 'inner-walls': stationInnerWalls } } },
    rules: { 'station/inner-walls': ['error', stationLayers] },
  },
];
