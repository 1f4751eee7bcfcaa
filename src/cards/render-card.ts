import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';

/** A rendered Adaptive Card (1.5) as plain JSON. */
export type AdaptiveCardJson = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

const CARDS_DIR = join(__dirname, '..', '..', '..', 'cards');
const SOURCE_CARDS_DIR = join(__dirname, '..', '..', 'cards');
const templates = new Map<string, Template>();

/**
 * The one renderer: expands the template `cards/<name>.json` with `data`, whose strings are already
 * localized (templates carry no language). Templates are read once and cached.
 */
export function renderCard(name: string, data: object): AdaptiveCardJson {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`Invalid card template name: ${name}`);
  let template = templates.get(name);
  if (!template) {
    template = new Template(JSON.parse(readFileSync(templatePath(name), 'utf8')));
    templates.set(name, template);
  }
  return template.expand({ $root: data }) as AdaptiveCardJson;
}

/** Works from `src/cards` (ts-jest) and from `dist/src/cards` (built). */
function templatePath(name: string): string {
  const file = [SOURCE_CARDS_DIR, CARDS_DIR].map((dir) => join(dir, `${name}.json`)).find((f) => existsSync(f));
  if (!file) throw new Error(`Card template not found: cards/${name}.json`);
  return file;
}
