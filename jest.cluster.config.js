/**
 * `npm run test:cluster`: API conformance tests covering all four surfaces, run against the production shape
 * (test/cluster/global-setup.ts): a Temporal cluster of two server nodes on PostgreSQL, and per test file two API
 * and two worker processes behind a load balancer. Then the histories the cluster recorded are replayed.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads its configuration as CommonJS
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/test/cluster/*.test.ts',
    // BattlePlace-style /v1a: matchmaking, dedicated servers, sessions and results
    '<rootDir>/test/api/v1a-match.test.ts',
    '<rootDir>/test/api/v1a-matchmaking.test.ts',
    '<rootDir>/test/api/v1a-idempotency.test.ts',
    '<rootDir>/test/api/results-and-leaderboard.test.ts',
    // Padrone /app: hosts, pings, joins and sessions
    '<rootDir>/test/api/padrone-hosts.test.ts',
    '<rootDir>/test/api/padrone-sessions.test.ts',
    // OkLetsPlay-style platform matches: the realm, paid matches and their money
    '<rootDir>/test/api/platform-realm.test.ts',
    '<rootDir>/test/api/paid-matches.test.ts',
    // Versus session tokens
    '<rootDir>/test/api/versus.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  testTimeout: 120_000,
};
