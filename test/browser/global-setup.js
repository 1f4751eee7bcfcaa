'use strict';
// jest globalSetup for jest.browser.config.js: chromium present (apt when missing), then a fresh
// build of dist/ (the bot and the scripts run as child processes from it).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const root = join(__dirname, '..', '..');
  // The suite skips itself without this, so that the main jest config (test/**/*.test.ts) never runs it.
  process.env.BROWSER_E2E = '1';
  execFileSync('bash', [join(root, 'scripts', 'browser', 'ensure-chromium.sh')], { stdio: 'inherit' });
  if (process.env.BROWSER_TEST_SKIP_BUILD !== '1') {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  }
};
