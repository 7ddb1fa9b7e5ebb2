/** Jest runs the TypeScript sources as ES modules (the code base is `"type": "module"`). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
  // Suites that start servers or spawn bundles share two cores; two workers keep them honest.
  maxWorkers: 2,
};
