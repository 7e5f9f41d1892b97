// The layer rules of docs/architecture.md as `no-restricted-imports` settings, one entry per layer.
// Kept apart from eslint.config.js so that the boundary test can name them.

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
];
