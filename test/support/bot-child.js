'use strict';
// A bot process for tests that kill and restart it: the real composition root, from the TypeScript
// sources, started like `npm run serve` (telemetry too, when configured) and configured by the
// environment, plus the few test overrides below. SIGTERM drains it and flushes the telemetry.
require('./register-typescript');
const { loadConfig } = require('../../src/config/config.ts');
const { startBotWithTelemetry } = require('../../src/index.ts');

const number = (name) => (process.env[name] ? Number(process.env[name]) : undefined);
const TEST_KEYS = ['TEST_RECHECK_SCALE', 'TEST_JOB_LEASE_MS', 'TEST_RECOVERY_SWEEP_MS', 'TEST_INSTANCE_ID'];
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !TEST_KEYS.includes(k)));

startBotWithTelemetry(loadConfig(env), {
  recheckScale: number('TEST_RECHECK_SCALE'),
  jobLeaseMs: number('TEST_JOB_LEASE_MS'),
  recoverySweepMs: number('TEST_RECOVERY_SWEEP_MS'),
  instanceId: process.env.TEST_INSTANCE_ID,
}).then(
  (bot) => {
    process.stdout.write(`READY ${bot.url}\n`);
    process.on('SIGTERM', () => bot.stop().then(() => process.exit(0)));
  },
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
