import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { JSDOM } from 'jsdom';
import { dumpCardText } from './card-dump';

/**
 * A card checked the way Teams' client would: against the official Adaptive Cards 1.5 schema, and
 * through Microsoft's own renderer (npm adaptivecards) with Teams' host config (at most 6 actions),
 * both vendored in vendor/microsoft/adaptive-cards. Also: no text line that Teams' Markdown would
 * turn into a numbered list ("1. …"). Returns what is wrong; empty when Teams would show the card as built.
 */
const VENDOR = join(__dirname, '..', '..', 'vendor', 'microsoft', 'adaptive-cards');
const schema = JSON.parse(readFileSync(join(VENDOR, 'adaptive-card-1.5.0.schema.json'), 'utf8')) as Record<string, unknown>;
const teamsHostConfig = JSON.parse(readFileSync(join(VENDOR, 'microsoft-teams-light.hostconfig.json'), 'utf8')) as object;

let validateSchema: ReturnType<Ajv['compile']> | undefined;
function schemaProblems(card: unknown): string[] {
  if (!validateSchema) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addMetaSchema(draft06);
    addFormats(ajv);
    // The schema names itself with draft-04's `id`; ajv 8 reads `$id`.
    const { id, ...rest } = schema;
    validateSchema = ajv.compile({ ...rest, $id: String(id) });
  }
  if (validateSchema(card)) return [];
  return (validateSchema.errors ?? []).map((e) => `schema: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

type AdaptiveCardsLib = typeof import('adaptivecards');
let library: AdaptiveCardsLib | undefined;
/** The browser build needs a DOM: a jsdom window provides it, as the library's README for Node says. */
function adaptiveCards(): AdaptiveCardsLib {
  if (library) return library;
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const g = globalThis as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(window)) {
    if (!(name in g) && /^(HTML|SVG|Element|Node|Text|Document|Event|KeyboardEvent|MouseEvent|DOMParser|getComputedStyle)/.test(name)) g[name] = (window as unknown as Record<string, unknown>)[name];
  }
  g.window ??= window;
  g.document ??= window.document;
  g.navigator ??= window.navigator;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsLib;
  return library;
}

function rendererProblems(json: unknown): string[] {
  const AC = adaptiveCards();
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(teamsHostConfig);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  const validation = card.validateProperties();
  for (const event of validation.validationEvents) problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  return problems;
}

/** Text Teams renders as Markdown (or strips of HTML): TextBlock text, FactSet titles and values. */
function markdownTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => markdownTexts(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) for (const f of o.facts as Array<{ title?: unknown; value?: unknown }>) for (const v of [f.title, f.value]) if (typeof v === 'string') out.push(v);
    for (const value of Object.values(o)) if (value && typeof value === 'object') markdownTexts(value, out);
  }
  return out;
}

function markdownListProblems(card: unknown): string[] {
  const texts = markdownTexts(card);
  return [
    ...texts.filter((text) => /^\s*\d+[.)]\s/m.test(text)).map((text) => `markdown: "${text.slice(0, 80)}" starts a line with a number and a period, which Teams turns into a numbered list`),
    // "hand over to <address>": Teams reads <address> as an HTML tag and shows nothing.
    ...texts.filter((text) => /<[a-z][^>]*>/i.test(text)).map((text) => `markdown: "${text.slice(0, 80)}" holds an <…> that Teams drops as HTML`),
  ];
}

export function adaptiveCardProblems(card: unknown): string[] {
  return [...schemaProblems(card), ...rendererProblems(card), ...markdownListProblems(card)];
}

/** How many buttons Microsoft's renderer shows under Teams' host config (extra ones are dropped). */
export function renderedButtons(card: unknown): string[] {
  const AC = adaptiveCards();
  const parsed = new AC.AdaptiveCard();
  parsed.hostConfig = new AC.HostConfig(teamsHostConfig);
  parsed.parse(card, new AC.SerializationContext(AC.Versions.v1_5));
  const element = parsed.render();
  return element ? Array.from(element.querySelectorAll('button')).map((b) => (b.getAttribute('aria-label') || b.textContent || '').trim()) : [];
}

/**
 * Checks every card a suite's connector saw (replies, proactive messages, in-place updates): what the
 * driver does not see. Returns one line per card that Teams would not show as built.
 */
export function connectorCardProblems(cards: Array<{ call: { method: string; path: string }; card: unknown }>, agreesWithArticle: (card: Record<string, unknown>) => boolean): string[] {
  return cards.flatMap(({ call, card }) => {
    dumpCardText(card, `${call.method} ${call.path}`);
    const problems = adaptiveCardProblems(card);
    if (!agreesWithArticle(card as Record<string, unknown>)) problems.push("disagrees with Microsoft's article in every language");
    return problems.map((p) => `${call.method} ${call.path}: ${p}`);
  });
}
