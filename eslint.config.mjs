// Lint: typescript-eslint's type-aware rules that catch unawaited promises (a smoke that forgets
// an await reports green for a check that never finished).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.build/**',
      'reports/**',
      'playwright-report/**',
      'test-results/**',
      '.faults/**',
      '.data/**',
      '.runtime/**',
      '.cache/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Reporters strip ANSI colour codes: control characters in those regexes are the point.
  { files: ['helpers/**/*.ts'], rules: { 'no-control-regex': 'off' } },
  // Playwright fixtures that need no other fixture are written `async ({}, use) => ...`.
  { files: ['helpers/fixtures.ts', 'helpers/standards/fixtures.ts'], rules: { 'no-empty-pattern': 'off' } },
  // Plain CommonJS preloads (node --require), for any runtime: no TypeScript.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // node:test's describe()/test() return promises the runner itself awaits.
  { files: ['spec/**/*.ts'], rules: { '@typescript-eslint/no-floating-promises': 'off' } },
);
