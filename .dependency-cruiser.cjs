// The import rules of this repository (docs/ARCHITECTURE.md explains them), checked by dependency-cruiser in
// `npm run lint`. Type-only imports are edges too (tsPreCompilationDeps): a type from a layer above ties a
// module to that layer just as a value does.

/**
 * A step of the procedure lives in one folder, src/steps/<step>/, but its files sit in different layers, told
 * apart by the end of their name (docs/ARCHITECTURE.md, "The steps"):
 *   <name>.step.ts, <name>.rule.ts   the pure rule (what the step decides): core
 *   <name>.presenter.ts              how the step looks on its card: presentation (also in src/steps/ itself:
 *                                    the presenter contract and what the steps' presenters share)
 *   <name>.operations.ts             the Graph calls behind the tenant-operations port: the Graph adapter (also
 *                                    src/steps/tenant.operations.ts, which assembles them for the root)
 *   texts/<locale>.json              the step's texts: utilities (src/steps/texts.ts merges them with the shared
 *                                    catalog and binds `t`: utilities too, so i18n itself imports no step)
 * src/steps/index.ts, the registry that plugs the steps into the core, is core. A file of src/steps with any
 * other name has no layer, and `src-folder-without-a-layer` fails on it.
 */
const STEP_FILE = '^src/steps/[^/]+/';
const STEP_ROLES = {
  pure: [`^src/steps/index\\.ts$`, `${STEP_FILE}[^/]+\\.(step|rule)\\.ts$`],
  presenter: ['^src/steps/[^/]+\\.presenter\\.ts$', `${STEP_FILE}[^/]+\\.presenter\\.ts$`],
  operations: ['^src/steps/[^/]+\\.operations\\.ts$', `${STEP_FILE}[^/]+\\.operations\\.ts$`],
  texts: [`${STEP_FILE}texts/[^/]+\\.json$`, '^src/steps/texts\\.ts$'],
};

/** The pure engine and the steps' pure rules: no I/O, no package, nothing above them. */
const CORE = ['^src/core/', ...STEP_ROLES.pure];

/** The layers of src/, top to bottom. A module may import its own layer and the layers below it, never one above. */
const LAYERS = [
  { name: 'composition-root', path: ['^src/index\\.ts$'] },
  { name: 'hosting', path: ['^src/hosting/'] },
  { name: 'presentation', path: ['^src/(cards|conversation)/', ...STEP_ROLES.presenter] },
  { name: 'application', path: ['^src/closure/'] },
  { name: 'runner', path: ['^src/runner/'] },
  { name: 'core', path: CORE },
  { name: 'ports', path: ['^src/ports/'] },
  { name: 'utilities', path: ['^src/(config|i18n|observability|audit|time)/', ...STEP_ROLES.texts] },
];

/**
 * Adapters implement ports over Microsoft Graph, Azure Resource Manager, Blob/file storage and the backup export. Only the composition root
 * wires them. The steps' Graph operations belong to the Graph adapter: src/steps/tenant.operations.ts assembles them
 * into the TenantOperations port for the root, so src/graph itself never names a step.
 */
const ADAPTER_GROUPS = { graph: ['^src/graph/', ...STEP_ROLES.operations], azure: ['^src/azure/'], storage: ['^src/storage/'], backup: ['^src/backup/'] };
const ADAPTERS = Object.values(ADAPTER_GROUPS).flat();

/**
 * Tests follow the code: test/<path>/ tests src/<path>/ (a step's tests sit in test/steps/<step>/), and its own
 * support/ or fixtures/ belong to it. From every other folder of src/ a test imports only the entry, the folder's
 * index.ts (or src/index.ts, the whole bot). src/steps is a slice across the layers and has three: the registry of
 * the steps' pure rules (src/steps/index.ts, core), their texts (src/steps/texts.ts) and the TenantOperations port
 * over their Graph calls (src/steps/tenant.operations.ts, which the root wires; the core's registry cannot export
 * it without doing I/O).
 */
const TEST_OF_FOLDER = '^test/(.+?)(?:/(?:support|fixtures))?/[^/]+$';
const ENTRIES = ['^src/index\\.ts$', '^src/[^/]+/index\\.ts$', '^src/steps/(texts|tenant\\.operations)\\.ts$'];

const BOT_SDK = ['(^|/)node_modules/(botbuilder[^/]*|botframework-[^/]+|@microsoft/teams-ai)/', '^(botbuilder|botframework-|@microsoft/teams-ai)'];

const notUpward = LAYERS.slice(1).map((layer, index) => ({
  name: `${layer.name}-imports-no-layer-above`,
  comment: `${layer.name} sits below ${LAYERS.slice(0, index + 1)
    .map((above) => above.name)
    .join(', ')}: imports point down only.`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(0, index + 1).flatMap((above) => above.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...notUpward,
    {
      name: 'adapters-wired-by-the-root-only',
      comment: 'An adapter is reached through its port; only src/index.ts (the composition root) names it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/index\\.ts$', ...ADAPTERS] },
      to: { path: ADAPTERS },
    },
    ...Object.values(ADAPTER_GROUPS).map((group) => ({
      name: 'adapters-import-no-other-adapter',
      comment: 'Adapters stay independent of each other: what they share belongs in a port or a utility.',
      severity: 'error',
      from: { path: group },
      to: { path: ADAPTERS, pathNot: group },
    })),
    {
      name: 'adapters-import-ports-and-utilities-only',
      comment: 'An adapter implements a port: it may import ports and utilities, nothing above them.',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: LAYERS.filter((layer) => !['ports', 'utilities'].includes(layer.name)).flatMap((layer) => layer.path) },
    },
    {
      name: 'core-is-pure',
      comment: 'The core and each step’s pure rule decide; they do no I/O: they import the core, the steps’ pure rules and the ports (types), and no Node built-in, package or other file.',
      severity: 'error',
      from: { path: CORE },
      to: { pathNot: [...CORE, '^src/ports/'] },
    },
    {
      name: 'ports-are-declarations',
      comment: 'A port describes I/O in the closure’s own terms: it may name a type of Node or a package (import type), never run one.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'presenters-only-from-hosting',
      comment: 'A presenter turns a reply into a card for Teams: the hosting layer calls it; the application, runner and core never do.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/index\\.ts$', '^src/hosting/', '^src/cards/', ...STEP_ROLES.presenter] },
      to: { path: '\\.presenter\\.ts$' },
    },
    {
      name: 'bot-sdk-only-in-hosting',
      comment: 'botbuilder, botframework-* and @microsoft/teams-ai are the Teams boundary: they appear in src/hosting only.',
      severity: 'error',
      from: { path: '^(src|graph-sim|graph-reference)/', pathNot: '^src/hosting/' },
      to: { path: BOT_SDK },
    },
    {
      name: 'src-imports-no-graph-sim',
      comment: 'The bot does not know the simulator: it talks to it over HTTP like to Microsoft Graph.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^graph-sim/' },
    },
    {
      name: 'graph-sim-imports-no-src',
      comment: 'The simulator follows Microsoft Graph, not the bot: sharing the bot’s code would make it agree with the bot’s mistakes.',
      severity: 'error',
      from: { path: '^graph-sim/' },
      to: { path: '^src/' },
    },
    {
      name: 'graph-reference-is-the-bottom',
      comment: 'graph-reference/ holds Microsoft’s data and its readers; src/, graph-sim/ and test/ read it, and it imports none of them.',
      severity: 'error',
      from: { path: '^graph-reference/' },
      to: { path: '^(src|graph-sim|scripts|test)/' },
    },
    {
      name: 'shipped-code-imports-no-tests-or-scripts',
      comment: 'scripts/ and test/ may import anything; nothing that ships imports them.',
      severity: 'error',
      from: { path: '^(src|graph-sim|graph-reference)/' },
      to: { path: '^(scripts|test)/' },
    },
    {
      name: 'src-folder-without-a-layer',
      comment: 'Every folder of src/ has a layer: add a new one to LAYERS or ADAPTERS in .dependency-cruiser.cjs (and to docs/ARCHITECTURE.md).',
      severity: 'error',
      from: { path: '^src/', pathNot: [...LAYERS.flatMap((layer) => layer.path), ...ADAPTERS] },
      to: {},
    },
    {
      name: 'tests-reach-other-folders-through-their-entry',
      comment:
        'A test may import freely the folder of src/ it tests (test/<path>/ tests src/<path>/), and every other folder only through its entry (src/<folder>/index.ts, src/index.ts): a test that reaches into another folder’s internals breaks when they move, although nothing its callers see has changed.',
      severity: 'error',
      // $1 is the folder the test tests: its path under test/, less a trailing support/ or fixtures/ of its own.
      from: { path: TEST_OF_FOLDER },
      to: { path: '^src/', pathNot: ['^src/$1/', ...ENTRIES] },
    },
    {
      name: 'tests-share-helpers-through-test-support',
      comment: 'A helper that tests of more than one folder use lives in test/support, the one place shared test helpers live; a test folder’s own helpers (its support/ or fixtures/) serve that folder only.',
      severity: 'error',
      from: { path: '^test/([^/]+)/' },
      to: { path: '^test/', pathNot: ['^test/$1/', '^test/support/'] },
    },
    {
      name: 'no-circular',
      comment: 'No import circles between files, anywhere.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'No import circles between folders either (a folder counts with its subfolders).',
      severity: 'error',
      scope: 'folder',
      // Step folders included: the core receives the step registry instead of importing it (closureMachine), and
      // the steps' texts are merged in src/steps/texts.ts, so neither src/core nor src/i18n imports a step.
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the checker cannot resolve would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
