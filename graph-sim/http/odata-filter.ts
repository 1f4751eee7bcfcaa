import { badRequest } from './graph-error';

export type Row = Record<string, unknown>;
export type Predicate = (row: Row) => boolean;

type Literal = string | number | boolean | null;
type Token = { kind: 'word'; value: string } | { kind: 'string'; value: string } | { kind: 'punct'; value: '(' | ')' | ',' };

/**
 * `$filter` with the operators the bot uses: `eq`, `ne`, `startswith(prop,'x')`, joined by `and`/`or`
 * (no parentheses grouping). `ne` is an advanced query (graph-api.md §3.1: needs ConsistencyLevel
 * eventual and `$count=true`). Anything else answers 400 Request_UnsupportedQuery, like Graph.
 */
export function parseFilter(expression: string, advanced: boolean): { predicate: Predicate; usesAdvanced: boolean } {
  const tokens = tokenize(expression);
  let pos = 0;
  let usesAdvanced = false;
  const next = (): Token | undefined => tokens[pos++];
  const clause = (): Predicate => {
    const first = next();
    if (first?.kind === 'word' && first.value.toLowerCase() === 'startswith') {
      expectPunct(next(), '(');
      const prop = expectWord(next());
      expectPunct(next(), ',');
      const value = next();
      if (value?.kind !== 'string') throw unsupported();
      expectPunct(next(), ')');
      const prefix = value.value.toLowerCase();
      return (row) => typeof row[prop] === 'string' && row[prop].toLowerCase().startsWith(prefix);
    }
    const prop = expectWord(first);
    const op = expectWord(next()).toLowerCase();
    const literal = toLiteral(next());
    if (op === 'eq') return (row) => same(row[prop], literal);
    if (op === 'ne') {
      usesAdvanced = true;
      return (row) => !same(row[prop], literal);
    }
    throw unsupported();
  };
  let predicate = clause();
  while (pos < tokens.length) {
    const joiner = expectWord(next()).toLowerCase();
    const left = predicate;
    const right = clause();
    if (joiner === 'and') predicate = (row) => left(row) && right(row);
    else if (joiner === 'or') predicate = (row) => left(row) || right(row);
    else throw unsupported();
  }
  if (usesAdvanced && !advanced) throw badRequest('Unsupported or invalid query filter clause specified for property. Use ConsistencyLevel: eventual and $count=true.', 'Request_UnsupportedQuery');
  return { predicate, usesAdvanced };
}

function same(actual: unknown, literal: Literal): boolean {
  if (typeof actual === 'string' && typeof literal === 'string') return actual.toLowerCase() === literal.toLowerCase();
  return (actual ?? null) === literal;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:'((?:[^']|'')*)'|([(),])|([A-Za-z0-9_.@$\-:]+))/y;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(expression)) !== null) {
    last = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'string', value: m[1].replace(/''/g, "'") });
    else if (m[2] !== undefined) tokens.push({ kind: 'punct', value: m[2] === '(' ? '(' : m[2] === ')' ? ')' : ',' });
    else tokens.push({ kind: 'word', value: m[3] });
    if (re.lastIndex >= expression.length) break;
  }
  if (expression.slice(last).trim() !== '' || tokens.length === 0) throw unsupported();
  return tokens;
}

function toLiteral(token: Token | undefined): Literal {
  if (!token) throw unsupported();
  if (token.kind === 'string') return token.value;
  if (token.kind !== 'word') throw unsupported();
  if (token.value === 'true') return true;
  if (token.value === 'false') return false;
  if (token.value === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(token.value)) return Number(token.value);
  throw unsupported();
}

function expectWord(token: Token | undefined): string {
  if (token?.kind !== 'word') throw unsupported();
  return token.value;
}

function expectPunct(token: Token | undefined, value: string): void {
  if (token?.kind !== 'punct' || token.value !== value) throw unsupported();
}

function unsupported() {
  return badRequest('Invalid filter clause', 'Request_UnsupportedQuery');
}
