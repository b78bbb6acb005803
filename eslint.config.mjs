// Type-aware lint for the whole repository, with TypeScript's own errors as one more rule
// (eslint.type-errors.mjs); lint is part of `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { ROOMS } from './eslint.rooms.mjs';
import { typescriptPlugin } from './eslint.type-errors.mjs';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'tab/dist/**', '.data/**', 'docs/**', 'devTools/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['tab/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    plugins: { typescript: typescriptPlugin },
    rules: { 'typescript/errors': 'error' },
  },
  ...ROOMS,
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Mocha's `this` and chai-less asserts make these rules noisy in tests only.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
