'use strict';
// A bot process for tests that kill and restart it: the real composition root, from the TypeScript
// sources, started like `npm run serve` (telemetry too, when configured) and configured by the
// environment, plus the few test overrides below. SIGTERM drains it and flushes the telemetry.
// TEST_BOT_FROM_DIST=1: the compiled bot (`npm run build` first), to time a start as production's.
const fromDist = process.env.TEST_BOT_FROM_DIST === '1';
if (!fromDist) require('./register-typescript');
const { loadConfig } = require(fromDist ? '../../dist/src/config/config.js' : '../../src/config/config.ts');
const { startBotWithTelemetry } = require(fromDist ? '../../dist/src/index.js' : '../../src/index.ts');

const number = (name) => (process.env[name] ? Number(process.env[name]) : undefined);
const TEST_KEYS = ['TEST_RECHECK_SCALE', 'TEST_JOB_LEASE_MS', 'TEST_RECOVERY_SWEEP_MS', 'TEST_INSTANCE_ID', 'TEST_BOT_FROM_DIST'];
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
