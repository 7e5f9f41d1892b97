// ESLint rule `station/inner-walls`: inside src-main/station, a folder imports only the folders its
// line of the layer table allows (eslint.layers.js, `stationLayers`; drawn in docs/architecture.md,
// "Inner walls"). Relative imports are resolved to the folder they land in, so `../db/x.ts` and
// `../../db/x.ts` are the same wall. Test code (tests, fixtures, test-support/) may import any
// station module; shipped code never imports test code.
import path from 'node:path';

const stationDir = path.resolve(import.meta.dirname, '..', 'src-main', 'station');

/** The layer a station path belongs to: its first folder, or the file name for top-level files. */
function layerOf(rel) {
  return rel.split(path.sep)[0];
}

function isTestCode(rel) {
  const base = path.basename(rel);
  return layerOf(rel) === 'test-support' || /\.test\.tsx?$/.test(base) || /-fixtures\.ts$/.test(base) || base === 'test-temp-db.ts';
}

function insideStation(abs) {
  const rel = path.relative(stationDir, abs);
  return rel && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel) ? rel : null;
}

export const stationInnerWalls = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the station core folders in their layer order (docs/architecture.md, "Inner walls").' },
    schema: [{ type: 'object', additionalProperties: { anyOf: [{ type: 'array', items: { type: 'string' } }, { const: '*' }] } }],
    messages: {
      notInTable: '{{from}} has no line in the station layer table (eslint.layers.js): decide what it may import.',
      testCode: 'Shipped code in {{from}} never imports test code ({{to}}): move what it needs out of the tests.',
      wall: '{{from}} may not import {{to}}: it imports only {{allowed}} (docs/architecture.md, "Inner walls").',
    },
  },
  create(context) {
    const layers = context.options[0] ?? {};
    const fromRel = insideStation(context.filename);
    if (!fromRel) return {};
    const from = layerOf(fromRel);
    const fromTest = isTestCode(fromRel);

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const toRel = insideStation(path.resolve(path.dirname(context.filename), source));
      if (!toRel) return; // src-shared, or the outer layers' own rules
      const to = layerOf(toRel);
      if (isTestCode(toRel) && !fromTest) return context.report({ node, messageId: 'testCode', data: { from, to: toRel } });
      if (to === from || fromTest) return;
      const allowed = layers[from];
      if (allowed === undefined) return context.report({ node, messageId: 'notInTable', data: { from } });
      if (allowed === '*' || allowed.includes(to)) return;
      context.report({ node, messageId: 'wall', data: { from, to, allowed: ['src-shared', ...allowed].join(', ') } });
    }

    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};
