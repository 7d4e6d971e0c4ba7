// Floating promises are bugs everywhere; inside workflows, Node built-ins would break determinism.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.matchflow/', 'coverage/', 'scripts/bootstrap.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'workflows must stay deterministic: no Node built-ins' })),
        patterns: [
          { group: ['../activities', '../activities/*'], allowTypeImports: true, message: 'workflows import activity types only' },
          { group: ['../api', '../api/*', '../db', '../db/*', '../worker', '../worker/*'], message: 'workflows import domain/ only' },
        ],
      }],
    },
  },
  {
    // Black-box API tests and benchmarks read JSON bodies of any shape.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
