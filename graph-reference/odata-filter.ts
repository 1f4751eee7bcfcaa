/**
 * Just enough of an OData `$filter` reader to say which property paths an expression names and which
 * operators it uses: comparisons (`eq`, `ne`, …), `and`/`or`/`not`, `in (…)`, functions such as
 * `startsWith(a,'x')` and `endsWith`, lambdas `a/any(x:x/b eq 'y')`, and `a/$count`. It does not
 * evaluate anything.
 */
export interface FilterPath {
  /** Segments as written, e.g. ['assignedLicenses'] or, inside a lambda, ['skuId'] relative to `lambdaOf`. */
  segments: string[];
  /** For a path inside a lambda: the collection path the variable ranges over (absolute segments). */
  lambdaOf?: string[];
}

export interface FilterAnalysis {
  paths: FilterPath[];
  /** Lower-case operators and functions used: eq, ne, not, in, and, or, startswith, endswith, any, all, $count, … */
  operators: Set<string>;
}

const KEYWORDS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'in', 'has', 'true', 'false', 'null']);
const LITERAL_KEYWORDS = new Set(['true', 'false', 'null']);

type Token = { kind: 'string' | 'literal' | 'name' | '(' | ')' | ',' | ':'; text: string };

function tokens(text: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return `unterminated string at ${i}`;
        if (text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === "'") break;
        else j++;
      }
      out.push({ kind: 'string', text: text.slice(i, j + 1) });
      i = j + 1;
    } else if ('(),:'.includes(c)) {
      out.push({ kind: c as '(' | ')' | ',' | ':', text: c });
      i++;
    } else if (/[0-9-]/.test(c)) {
      // numbers, GUIDs and date-times are literals
      const m = /^[-\w.:+]+/.exec(text.slice(i))!;
      out.push({ kind: 'literal', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_$@]/.test(c)) {
      const m = /^[A-Za-z_$@][\w.$@]*(\/[A-Za-z_$][\w.$]*)*/.exec(text.slice(i))!;
      out.push({ kind: 'name', text: m[0] });
      i += m[0].length;
    } else {
      return `unexpected "${c}" at ${i}`;
    }
  }
  return out;
}

/** The property paths and operators of a `$filter` expression, or why it cannot be read. */
export function analyseFilter(text: string): FilterAnalysis | { error: string } {
  const list = tokens(text);
  if (typeof list === 'string') return { error: list };
  const paths: FilterPath[] = [];
  const operators = new Set<string>();
  // Open parentheses; a lambda's entry carries its variable, which goes out of scope at its ')'.
  const scopes: Array<{ variable?: string; of?: string[] }> = [];
  const variables = (): Map<string, string[]> => {
    const map = new Map<string, string[]>();
    for (const s of scopes) if (s.variable && s.of) map.set(s.variable, s.of);
    return map;
  };
  const absolute = (segments: string[]): { segments: string[]; lambdaOf?: string[] } => {
    const of = variables().get(segments[0]);
    return of ? { segments: segments.slice(1), lambdaOf: of } : { segments };
  };

  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    const next = list[i + 1];
    if (t.kind === '(') scopes.push({});
    else if (t.kind === ')') {
      if (!scopes.pop()) return { error: 'unbalanced parentheses' };
    } else if (t.kind === 'name') {
      const lower = t.text.toLowerCase();
      const parts = t.text.split('/');
      const last = parts[parts.length - 1].toLowerCase();
      if (KEYWORDS.has(lower)) {
        if (!LITERAL_KEYWORDS.has(lower)) operators.add(lower);
      } else if ((last === 'any' || last === 'all') && parts.length > 1 && next?.kind === '(') {
        operators.add(last);
        const collection = absolute(parts.slice(0, -1));
        const over = collection.lambdaOf ? [...collection.lambdaOf, ...collection.segments] : collection.segments;
        paths.push(collection);
        const variable = list[i + 2]?.kind === 'name' && list[i + 3]?.kind === ':' ? list[i + 2].text : undefined;
        scopes.push({ variable, of: over });
        i += variable ? 3 : 1;
      } else if (next?.kind === '(' && parts.length === 1) {
        operators.add(lower); // a function: startswith, endswith, contains, …
      } else if (next?.kind === 'string' && /\./.test(t.text)) {
        // an enum or typed literal such as microsoft.graph.x'value'
      } else {
        if (last === '$count') operators.add('$count');
        const segments = parts[parts.length - 1] === '$count' ? parts.slice(0, -1) : parts;
        const path = absolute(segments);
        if (path.segments.length > 0 || !path.lambdaOf) paths.push(path);
      }
    }
  }
  if (scopes.length > 0) return { error: 'unbalanced parentheses' };
  return { paths, operators };
}
