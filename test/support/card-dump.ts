import { appendFileSync } from 'node:fs';

/**
 * For reading cards as an admin would (the three-language review): with CARD_TEXT_DUMP=<file>, the
 * chat driver appends every card it is shown to that file as the text Teams displays (headings, text
 * blocks, facts, inputs, buttons), once per distinct card. Off unless the variable is set.
 */
const seen = new Set<string>();

export function dumpCardText(card: unknown, where: string): void {
  const file = process.env.CARD_TEXT_DUMP;
  if (!file) return;
  const text = readableText(card);
  if (seen.has(text)) return;
  seen.add(text);
  appendFileSync(file, `==== ${where} (${expect.getState().currentTestName ?? ''})\n${text}\n\n`);
}

function readableText(node: unknown): string {
  const lines: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') lines.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) for (const f of o.facts as Array<{ title: string; value: string }>) lines.push(`  ${f.title}: ${f.value}`);
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) lines.push(`  [${String(o.label ?? o.placeholder ?? o.id)}]`);
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') lines.push(`  <${o.title}>${typeof o.url === 'string' ? ` ${o.url}` : ''}`);
    for (const [key, value] of Object.entries(o)) if (key !== 'facts' && value && typeof value === 'object') walk(value);
  };
  walk(node);
  return lines.join('\n');
}
