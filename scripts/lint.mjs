// `npm run lint`: the three read-only checks (import layers, ESLint, Prettier), each with its own output
// and time; fails if any check fails. One after another they took about 47 s on 2 cores, most of it
// ESLint's type-aware rules; in two lanes, one a core (ESLint alone; the import layers then Prettier),
// about 35 s.
// ESLint and Prettier keep a cache by content in node_modules/.cache, so a second run re-checks only
// the files that changed (about 6 s). `npm ci` (CI, a fresh clone) starts without it, so CI always
// checks everything: that matters for ESLint, whose cache does not see a type changed in another file.
import { spawn } from 'node:child_process';

const IMPORTS = ['imports', 'npm', ['run', 'lint:imports', '--silent']];
const ESLINT = ['eslint', 'npx', ['eslint', '--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/', '.']];
const FORMAT = ['format', 'npm', ['run', 'lint:format', '--silent']];
const LANES = [[ESLINT], [IMPORTS, FORMAT]];

function run([name, command, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const done = (code, extra = '') => resolve({ name, code, output: output + extra, seconds: (Date.now() - started) / 1000 });
    child.on('close', (code) => done(code ?? 1));
    child.on('error', (error) => done(1, String(error)));
  });
}

async function inTurn(checks) {
  const results = [];
  for (const check of checks) results.push(await run(check));
  return results;
}

const started = Date.now();
const results = (await Promise.all(LANES.map(inTurn))).flat();
for (const { name, code, output, seconds } of results) {
  process.stdout.write(`── ${name}: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s\n${output.trim() ? `${output.trim()}\n` : ''}`);
}
process.stdout.write(`lint: ${((Date.now() - started) / 1000).toFixed(1)} s in all\n`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
