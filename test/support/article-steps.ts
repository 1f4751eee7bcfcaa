import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Microsoft's step numbers and titles, parsed from the article headings vendored in
 * vendor/microsoft/close-your-account (never from the bot's catalogs), and a check that a rendered
 * card agrees with them. Only the renames Microsoft made since are applied (Azure Active Directory →
 * Microsoft Entra ID), and a title's first letter is capitalized: the Italian translation writes some
 * titles in lower case after the colon, which a card title does not.
 */
export interface ArticleSteps {
  /** The word the article numbers its steps with: "Step", "Passaggio", "Étape". */
  word: string;
  beforeYouBegin: string;
  /** Titles by step number, 1-based. */
  titles: Record<number, string>;
}

const LOCALE_FILES: Record<string, string> = { en: 'en-US', it: 'it-IT', fr: 'fr-FR' };
const RENAMES: Array<[RegExp, string]> = [[/Azure Active Directory|Azure AD(?= |$)/g, 'Microsoft Entra ID']];

export function normalizeTitle(title: string): string {
  const renamed = RENAMES.reduce((text, [from, to]) => text.replace(from, to), title.trim());
  return renamed.charAt(0).toLocaleUpperCase() + renamed.slice(1);
}

export function articleSteps(locale: string): ArticleSteps {
  // Cards speak English to any other language, as the bot does.
  const file = join(__dirname, '..', '..', 'vendor', 'microsoft', 'close-your-account', `${LOCALE_FILES[locale.slice(0, 2).toLowerCase()] ?? 'en-US'}.headings.md`);
  const headings = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith('## '))
    .map((line) => line.slice(3).replace(/^<a name="[^"]*"><\/a>/, ''));
  const titles: Record<number, string> = {};
  let word = '';
  let beforeYouBegin = '';
  for (const heading of headings) {
    const numbered = /^(\p{L}+) (\d+)\s*:\s*(.+)$/u.exec(heading);
    if (numbered) {
      word = numbered[1];
      titles[Number(numbered[2])] = normalizeTitle(numbered[3]);
    } else if (!beforeYouBegin) beforeYouBegin = normalizeTitle(heading);
  }
  return { word, beforeYouBegin, titles };
}

function textBlocks(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'label']) if (typeof o[key] === 'string') out.push(o[key]);
      for (const value of Object.values(o)) if (typeof value === 'object') walk(value);
    }
  };
  walk(card);
  return out;
}

/**
 * What in `card` disagrees with the article (empty when it agrees):
 * - a step card's label "Step N of T · …" must have T = 5 and the card's title must be the article's
 *   title of Step N; a card titled "Before you begin" carries no number;
 * - anywhere in the card, "<word> N" must name one of the article's steps, and "<word> N: <title>"
 *   must carry that step's title.
 */
export function articleDisagreements(card: Record<string, unknown>, locale: string): string[] {
  const article = articleSteps(locale);
  const problems: string[] = [];
  const total = Object.keys(article.titles).length;
  const body = (card.body as Array<{ text?: string }> | undefined) ?? [];
  const label = /^(\p{L}+) (\d+) \p{L}+ (\d+)(?: · |$)/u.exec(body[0]?.text ?? '');
  const title = body[1]?.text ?? '';
  if (label) {
    if (label[1] !== article.word) problems.push(`label says "${label[1]}", the article "${article.word}"`);
    if (Number(label[3]) !== total) problems.push(`label says "of ${label[3]}", the article has ${total} steps`);
    const expected = article.titles[Number(label[2])];
    if (title !== expected) problems.push(`"${body[0].text}" is titled "${title}", the article's Step ${label[2]} is "${expected}"`);
  } else if (title === article.beforeYouBegin && new RegExp(`^${article.word} \\d`, 'iu').test(body[0]?.text ?? '')) {
    problems.push(`"${article.beforeYouBegin}" carries a number: "${body[0].text}"`);
  }
  const mention = new RegExp(`(?:^|[^\\p{L}])(${article.word}) (\\d+)(?!\\s*\\p{L}+ \\d)(?:\\s*:\\s*([^·\\n]+))?`, 'giu');
  for (const text of textBlocks(card)) {
    for (const m of text.matchAll(mention)) {
      const number = Number(m[2]);
      if (!article.titles[number]) problems.push(`"${text}" names ${m[1]} ${number}, which the article does not have`);
      else if (m[3] !== undefined && normalizeTitle(m[3]).trim() !== article.titles[number]) problems.push(`"${text}" gives ${m[1]} ${number} the title "${m[3].trim()}", the article "${article.titles[number]}"`);
    }
  }
  return problems;
}
