import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';

/** A rendered Adaptive Card (1.5) as plain JSON. */
export type AdaptiveCardJson = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

const CARDS_DIR = join(__dirname, '..', '..', '..', 'cards');
const SOURCE_CARDS_DIR = join(__dirname, '..', '..', 'cards');
const NAME = /^[a-z][a-z0-9-]*$/;
/** Where the step card's frame (cards/step.json) takes the step's own part. */
const STEP_PART_SLOT = '$stepPart';
const templates = new Map<string, Template>();

/**
 * The one renderer: expands the template `cards/<name>.json` with `data`, whose strings are already
 * localized (templates carry no language). Templates are read once and cached.
 */
export function renderCard(name: string, data: object): AdaptiveCardJson {
  if (!NAME.test(name) || name === 'step') throw new Error(`Invalid card template name: ${name}`);
  return expand(name, () => readJson(name) as object, data);
}

/**
 * A step's card: the shared frame (`cards/step.json`: heading, status, paragraphs, links, inputs,
 * buttons) with the step's own part in its slot. The part, `cards/<part>/<part>.json`, lists what the
 * step shows under its paragraphs, in order: its own elements (Step 1's progress bar, Step 5's
 * confirmations), and by name the blocks every step may share (`cards/blocks/<name>.json`: facts, list).
 */
export function renderStepCard(part: string, data: object): AdaptiveCardJson {
  if (!NAME.test(part)) throw new Error(`Invalid card part name: ${part}`);
  return expand(`step:${part}`, () => stepTemplate(part), data);
}

function expand(key: string, load: () => object, data: object): AdaptiveCardJson {
  let template = templates.get(key);
  if (!template) {
    template = new Template(load());
    templates.set(key, template);
  }
  return template.expand({ $root: data }) as AdaptiveCardJson;
}

function stepTemplate(part: string): object {
  const frame = readJson('step') as { body: unknown[] };
  const elements = (readJson(`${part}/${part}`) as unknown[]).flatMap((element) => (typeof element === 'string' ? block(element) : [element]));
  if (frame.body.filter((element) => element === STEP_PART_SLOT).length !== 1) throw new Error(`cards/step.json must hold "${STEP_PART_SLOT}" once in its body`);
  return { ...frame, body: frame.body.flatMap((element) => (element === STEP_PART_SLOT ? elements : [element])) };
}

function block(name: string): unknown[] {
  if (!NAME.test(name)) throw new Error(`Invalid card block name: ${name}`);
  return readJson(`blocks/${name}`) as unknown[];
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(templatePath(path), 'utf8'));
}

/** Works from `src/cards` (ts-jest) and from `dist/src/cards` (built). */
function templatePath(path: string): string {
  const file = [SOURCE_CARDS_DIR, CARDS_DIR].map((dir) => join(dir, `${path}.json`)).find((f) => existsSync(f));
  if (!file) throw new Error(`Card template not found: cards/${path}.json`);
  return file;
}
