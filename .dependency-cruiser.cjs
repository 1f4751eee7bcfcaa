// The import rules of this repository (docs/ARCHITECTURE.md explains them), checked by dependency-cruiser in
// `npm run lint`. Type-only imports are edges too (tsPreCompilationDeps): a type from a layer above ties a
// module to that layer just as a value does.

/** The layers of src/, top to bottom. A module may import its own layer and the layers below it, never one above. */
const LAYERS = [
  { name: 'composition-root', path: '^src/index\\.ts$' },
  { name: 'hosting', path: '^src/hosting/' },
  { name: 'presentation', path: '^src/(cards|conversation)/' },
  { name: 'application', path: '^src/closure/' },
  { name: 'runner', path: '^src/runner/' },
  { name: 'core', path: '^src/(core|steps)/' },
  { name: 'ports', path: '^src/ports/' },
  { name: 'utilities', path: '^src/(config|i18n|observability|audit|time)/' },
];

/** Adapters implement ports over Microsoft Graph, Azure Resource Manager, Blob/file storage and the backup export. Only the composition root wires them. */
const ADAPTERS = '^src/(graph|azure|storage|backup)/';

const BOT_SDK = ['(^|/)node_modules/(botbuilder[^/]*|botframework-[^/]+|@microsoft/teams-ai)/', '^(botbuilder|botframework-|@microsoft/teams-ai)'];

const notUpward = LAYERS.slice(1).map((layer, index) => ({
  name: `${layer.name}-imports-no-layer-above`,
  comment: `${layer.name} sits below ${LAYERS.slice(0, index + 1)
    .map((above) => above.name)
    .join(', ')}: imports point down only.`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(0, index + 1).map((above) => above.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...notUpward,
    {
      name: 'adapters-wired-by-the-root-only',
      comment: 'An adapter is reached through its port; only src/index.ts (the composition root) names it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/index\\.ts$', ADAPTERS] },
      to: { path: ADAPTERS },
    },
    {
      name: 'adapters-import-no-other-adapter',
      comment: 'Adapters stay independent of each other: what they share belongs in a port or a utility.',
      severity: 'error',
      from: { path: '^src/(graph|azure|storage|backup)/' },
      to: { path: ADAPTERS, pathNot: '^src/$1/' },
    },
    {
      name: 'adapters-import-ports-and-utilities-only',
      comment: 'An adapter implements a port: it may import ports and utilities, nothing above them.',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: LAYERS.filter((layer) => !['ports', 'utilities'].includes(layer.name)).map((layer) => layer.path) },
    },
    {
      name: 'core-is-pure',
      comment: 'The core decides; it does no I/O: it imports the core and the ports (types), and no Node built-in, package or other folder.',
      severity: 'error',
      from: { path: '^src/(core|steps)/' },
      to: { pathNot: '^src/(core|steps|ports)/' },
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
      from: { path: '^src/', pathNot: ['^src/index\\.ts$', '^src/hosting/', '^src/cards/'] },
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
      from: { path: '^src/', pathNot: [...LAYERS.map((layer) => layer.path), ADAPTERS] },
      to: {},
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
      // The known-violations file does not match folder circles, so the two that known upward imports close today
      // (src/core <-> src/ports, src/closure <-> src/cards) are left out here until those imports are fixed.
      from: { pathNot: '^src/(core|ports|closure|cards)(/|$)' },
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
