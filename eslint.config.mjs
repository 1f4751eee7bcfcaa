// ESLint 9 flat config: typescript-eslint's type-aware recommended rules for the TypeScript, ESLint's
// recommended rules for the few CommonJS files. Formatting is Prettier's job (.prettierrc.json); the
// layer boundaries and import circles are dependency-cruiser's (.dependency-cruiser.cjs).
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'artifacts/', 'devTools/', 'appPackage/build/', '.data/', 'graph-reference/data/'] },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    // One program for tsconfig.json (it includes every .ts file): about a fifth less CPU than the project service here.
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `const { dropped: _dropped, ...rest } = x` drops a field on purpose: a leading underscore says so.
      // A `let` that closures read before it is first set (src/index.ts: the HTTP routes and `backups`) must stay a
      // `let`: as a `const` it would be in its temporal dead zone when a request comes in early.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Async implementations of Promise-returning interfaces (stores, gauges, SDK callbacks) keep `async` without
      // an `await` so that a throw becomes a rejection, as their callers expect.
      '@typescript-eslint/require-await': 'off',
      // `'Enabled' | 'Warning' | string` lists the values Microsoft documents while accepting new ones: deliberate.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // botbuilder types `activity.type` as string and its own idiom compares it with the `ActivityTypes` enum.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // One clock (src/time/clock.ts, docs/ARCHITECTURE.md "Time"): outside src/time, code reads the time and sets
    // timers through an injected Clock, so that tests move time instead of waiting for it, and a timer that must not
    // hold the process open cannot forget to say so. Node's timers and Date.now() there would go around it.
    files: ['src/**/*.ts'],
    ignores: ['src/time/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'].map((name) => ({ name, message: 'Schedule through the injected Clock (clock.after / clock.every / clock.sleep).' })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Read the time through the injected Clock (clock.now).' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time through the injected Clock: new Date(clock.now()).' },
        {
          selector: 'MemberExpression[object.name=/^(globalThis|global)$/][property.name=/^(setTimeout|setInterval|clearTimeout|clearInterval)$/]',
          message: 'Schedule through the injected Clock (clock.after / clock.every / clock.sleep).',
        },
      ],
      'no-restricted-imports': ['error', { paths: ['timers', 'node:timers', 'timers/promises', 'node:timers/promises'].map((name) => ({ name, message: 'Wait and schedule through the injected Clock.' })) }],
    },
  },
  {
    // Tests and scripts read JSON (HTTP bodies, files, child output) as `any` and assert on or print it; the
    // unsafe-any rules guard the production code, where values cross the boundary through typed readers.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
);
