// Floating promises are bugs everywhere; the layers import downwards only, and what workflows reach stays deterministic.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Modules that reach the outside world (network, database, files, logs): never in domain/, never in a workflow. */
const ioModules = [
  'pg', 'kysely', 'express', 'pino', 'pino-http', '@electric-sql/pglite', '@temporalio/client', '@temporalio/worker', '@temporalio/activity',
  'geoip-lite', 'steam-appticket', 'rate-limiter-flexible', 'lru-cache',
].map((name) => ({ name, message: 'I/O belongs in db/, core/, activities/ or api/' }));

/** The layers above domain/: domain imports none of them. */
const upperLayers = ['**/activities', '**/activities/**', '**/api', '**/api/**', '**/core', '**/core/**', '**/db', '**/db/**', '**/worker', '**/worker/**', '**/workflows', '**/workflows/**'];

/**
 * The domain files that need Node (hashing, key handling): the API and activities use them; workflows, and the
 * domain files workflows can reach, may not import them.
 */
const NODE_ONLY_DOMAIN = [
  'domain/config.ts', 'domain/secrets.ts', 'domain/tokens.ts', 'domain/hosts/passwords.ts', 'domain/matchmaking/buckets.ts',
  'domain/matchmaking/peer-tickets.ts', 'domain/paid-matches/signing-keys.ts', 'domain/versus/tokens.ts',
];
const workflowSafePaths = [...nodeBuiltins.map((name) => ({ name, message: 'workflows must stay deterministic: no Node built-ins' })), ...ioModules, { name: 'jose', message: 'Node-only' }];
const sandboxGlobals = ['Buffer', 'process', 'setImmediate', 'require'].map((name) => ({ name, message: 'not in the workflow sandbox' }));
const nodeOnlyImports = [...new Set(NODE_ONLY_DOMAIN.map((f) => f.replace(/^domain\//, '').replace(/\.ts$/, '')).flatMap((p) => [`**/${p}`, `./${p.split('/').pop()}`]))];
const nodeOnlyPattern = { group: nodeOnlyImports, message: 'a Node-only domain file (NODE_ONLY_DOMAIN in eslint.config.mjs): workflows cannot load it' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.matchflow/', '.matchflow-cluster/', 'coverage/', 'scripts/bootstrap.mjs'] },
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
    // domain/ is rules and contracts: no I/O of any kind, and nothing from the layers above it.
    files: ['domain/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: ioModules, patterns: [{ group: upperLayers, message: 'domain/ imports domain/ only' }] }] },
  },
  {
    // The domain files workflows can reach: the rule above, and deterministic code only.
    files: ['domain/**/*.ts'],
    ignores: NODE_ONLY_DOMAIN,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: workflowSafePaths, patterns: [nodeOnlyPattern, { group: upperLayers, message: 'domain/ imports domain/ only' }] }],
      'no-restricted-globals': ['error', ...sandboxGlobals],
    },
  },
  {
    // Workflows: deterministic code only, checked here rather than trusted to a comment; activities by type only.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: workflowSafePaths,
        patterns: [
          nodeOnlyPattern,
          { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'workflows import activity types only' },
          { group: upperLayers.filter((g) => !g.includes('activities') && !g.includes('workflows')), message: 'workflows import domain/ only' },
        ],
      }],
      'no-restricted-globals': ['error', ...sandboxGlobals],
    },
  },
  {
    // Black-box API tests and benchmarks read JSON bodies of any shape.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
