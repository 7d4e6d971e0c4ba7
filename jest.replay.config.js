/** The replay step of npm test: no dev server, only recorded histories replayed against today's workflow code. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: ['<rootDir>/test/replay/*.replay.ts'],
  testTimeout: 300_000,
};
