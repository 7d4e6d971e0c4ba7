/** One real Temporal dev server and one fresh PostgreSQL database per run; see test/global-setup.ts. */
module.exports = {
  testEnvironment: 'node',
  // jose ships only ES modules; jest's CommonJS loader needs it transformed like our own code.
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Those need the Temporal cluster of jest.cluster.config.js.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
};
