// ESLint (flat config): typescript-eslint's recommended rules plus the boundaries that keep the
// layout readable. Formatting is Prettier's job (.prettierrc.json), so no style rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A module (src/modules/<feature>) is reached through its service or plugin, never its SQL. */
const noForeignRepository = {
  group: ['../*/*.repository', '../*/*.repository.js', '../../modules/*/*.repository.js'],
  message: "Another module's repository is its own business: use that module's service.",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.test-build/',
      'dist/',
      'dist.*/',
      'web/dist/',
      'coverage/',
      'test-artifacts/',
      'scratch/',
      'clients/typescript/schema.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // Unused names are errors, except the ones spelled as deliberately unused.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Fastify's declaration merging and a few DOM typings need `any` at the edges; say so where used.
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Text rules match control characters on purpose (refusing or folding them).
      'no-control-regex': 'off',
    },
  },
  { files: ['web/src/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['src/db/**/*.ts', 'src/plugins/**/*.ts', 'src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/modules/**'], message: 'Infrastructure (db/, plugins/, lib/) never depends on a feature module.' }] },
      ],
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/*.routes.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noForeignRepository] }] },
  },
  {
    files: ['src/modules/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noForeignRepository,
            {
              group: ['./*.repository', './*.repository.js', '**/*.repository.js'],
              message: 'Routes do HTTP: ask the service, which asks the repository.',
            },
          ],
        },
      ],
    },
  },
);
