// ESLint (typed, flat config), run by `npm run lint` after tsc and scripts/check-imports.mjs.
// The per-folder no-restricted-imports mirror the package allowlist in scripts/check-imports.mjs
// (which stays the authority: it also checks the layer direction and scans engine/ and quota/ for
// process., the clock and randomness). Keep the two lists in step.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Forbid every bare import except `allowed` (relative imports are governed by `relative`). */
const onlyPackages = (layer, allowed, relative = []) => [
  'error',
  {
    patterns: [
      {
        regex: `^(?![.]|(${allowed.map((p) => p.replace(/[.]/g, '[.]')).join('|')})(/|$))`,
        message: `${layer}/ may import only ${allowed.join(', ') || 'no packages'} (see scripts/check-imports.mjs).`,
      },
      ...relative,
    ],
  },
];
const onlyShared = { regex: '^[.][.]/(?!shared/)', message: 'a pure layer may import only from shared/.' };
const noLayer = { regex: '^[.][.]/', message: 'shared/ imports no other layer.' };

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'bin/**', 'test/**', 'scripts/**', 'samples/**', '*.config.*'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Some files carry `eslint-disable no-control-regex` for rules this config does not enable.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // `import('…').T` annotations stay allowed (a few lazy type references in cli/ and rubric/).
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      'no-console': 'error',
      // Issue 10 item 14: `Math.max(...rows)` or `out.push(...lines)` over data throws "Maximum call stack
      // size exceeded" past ~125,000 elements (every spread element is a stack slot). Use a loop,
      // `reduce`, or src/shared/iter.ts. (Was test/unit/shared/no-spread-arguments.test.ts: ~3 CPU-s of
      // the suite parsing src/ again with typescript; eslint has the tree already.)
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression > SpreadElement', message: 'no argument spread in a call: past ~125,000 elements it overflows the stack (use a loop or src/shared/iter.ts).' },
        { selector: 'NewExpression > SpreadElement', message: 'no argument spread in `new`: past ~125,000 elements it overflows the stack (use a loop).' },
      ],
    },
  },
  { files: ['src/cli/**/*.ts'], rules: { 'no-console': 'off' } },
  { files: ['src/engine/**/*.ts'], rules: { 'no-restricted-imports': onlyPackages('engine', ['decimal.js'], [onlyShared]) } },
  // engine/sql/ (and any engine subfolder): `../` is still engine/, `../../` must be shared/.
  {
    files: ['src/engine/*/**/*.ts'],
    rules: { 'no-restricted-imports': onlyPackages('engine', ['decimal.js'], [{ regex: '^[.][.]/[.][.]/(?!shared/)', message: 'a pure layer may import only from shared/.' }]) },
  },
  { files: ['src/quota/**/*.ts'], rules: { 'no-restricted-imports': onlyPackages('quota', ['decimal.js', 'date-fns', 'chinese-days'], [onlyShared]) } },
  { files: ['src/shared/**/*.ts'], rules: { 'no-restricted-imports': onlyPackages('shared', ['decimal.js'], [noLayer]) } },
  { files: ['src/report/**/*.ts'], rules: { 'no-restricted-imports': onlyPackages('report', ['decimal.js', 'chalk', 'string-width']) } },
);
