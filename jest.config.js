/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 60000,
  // tests reach only 127.0.0.1
  setupFiles: ['<rootDir>/test/support/network-lock.ts'],
  // the concurrency suites share two cores: run files in two workers at most
  maxWorkers: 2,
}
