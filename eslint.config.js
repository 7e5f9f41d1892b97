// ESLint flat config. Two jobs: catch real mistakes (typescript-eslint's recommended rules, React's
// hook rules) and keep the layers apart (docs/architecture.md, "Rules"). Formatting is Prettier's.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerRules } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'release/', 'node_modules/', 'models/', 'e2e/screenshots/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks an argument or binding kept on purpose (a callback's position, a rest split).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `void promise` and `a && b()` as statements are the house's way to fire and forget.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // File names, log lines and CSV cells are cleaned of control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read parsed JSON and YAML whose shape is the thing under test.
    files: ['**/*.test.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The two classic hook rules. The React Compiler rules of the plugin's `recommended` set
    // (purity, refs, set-state-in-effect) are left off: the app does not use the compiler.
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...layerRules,
);
