/**
 * The browser end-to-end suite (test/browser/*.browser.test.ts): Debian chromium + playwright-core
 * drive the Microsoft 365 Agents Playground against the built bot and the Graph simulator.
 * Separate from `npm test` (jest.config.js ignores these files); see test/browser/README.md.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/browser/**/*.browser.test.ts'],
  // Installs chromium when missing and builds dist/ (the bot runs as a child process from it).
  globalSetup: '<rootDir>/test/browser/global-setup.js',
  // This process refuses non-loopback traffic; chromium is held to loopback by its own route filter.
  setupFiles: ['<rootDir>/test/support/loopback-only.setup.js'],
  testTimeout: 240000,
  // One locale at a time: each runs a simulator, a bot, a playground and a browser (2-core CI).
  maxWorkers: 1,
};
