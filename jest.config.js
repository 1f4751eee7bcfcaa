/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The browser suite drives Chromium and the Agents Playground: `npm run test:browser` (jest.browser.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  // Every test process refuses non-loopback traffic: nothing may reach a real Microsoft endpoint.
  setupFiles: ['<rootDir>/test/support/loopback-only.setup.js'],
  testTimeout: 30000,
  maxWorkers: 2,
};
