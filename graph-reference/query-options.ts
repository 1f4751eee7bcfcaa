import { analyseFilter } from './odata-filter';
import { CsdlModel, findMember, TypeRef } from './csdl';

/** The query options of a request, by lower-case name without the `$` (Graph v1.0 accepts both). */
export function queryOptions(path: string): Map<string, string> {
  const q = path.indexOf('?');
  const options = new Map<string, string>();
  if (q < 0) return options;
  for (const [key, value] of new URLSearchParams(path.slice(q + 1))) options.set(key.replace(/^\$/, '').toLowerCase(), value);
  return options;
}

const SYSTEM_OPTIONS = new Set(['select', 'expand', 'filter', 'orderby', 'count', 'top', 'skip', 'skiptoken', 'search', 'format', 'deltatoken']);

/** Splits at commas outside parentheses and quotes. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

/**
 * Follows a property path (`a`, `a/b`, …) from a type: complex properties and single navigation
 * properties lead on; the last segment may be anything the type declares. Returns the end's type or
 * why the path does not exist.
 */
export function resolvePropertyPath(model: CsdlModel, type: string, segments: string[]): TypeRef | string {
  let current: TypeRef = { name: type, collection: false };
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i];
    if (/^Edm\./.test(current.name)) return `${segments.slice(0, i).join('/')} is a ${current.name} and has no "${name}"`;
    if (i > 0 && current.collection) return `${segments.slice(0, i).join('/')} is a collection: reach into it with any()/all()`;
    if (/^[\w]+(\.[\w]+)+$/.test(name) && model.types.has(name)) {
      current = { name, collection: current.collection };
      continue;
    }
    const member = findMember(model, current.name, name);
    if (!member) return `${current.name} has no property "${name}"`;
    current = member.type;
  }
  return current;
}

/**
 * Whether `$select`, `$filter`, `$orderby` and `$expand` name properties (navigation properties for
 * `$expand`) that exist on `type`, the type the request's path resolved to. One message per problem.
 */
export function queryOptionProblems(model: CsdlModel, type: TypeRef, path: string): string[] {
  const options = queryOptions(path);
  const problems: string[] = [];
  const structured = model.types.has(type.name);
  const on = type.name;

  for (const key of options.keys()) {
    if (SYSTEM_OPTIONS.has(key)) continue;
    if (path.includes(`$${key}`) || path.includes(`%24${key}`)) problems.push(`$${key} is not an OData system query option`);
  }
  const needsStructure = ['select', 'expand', 'filter', 'orderby'].filter((k) => options.has(k));
  if (needsStructure.length > 0 && !structured) {
    problems.push(`${needsStructure.map((k) => `$${k}`).join(', ')} on ${on}, which has no properties`);
    return problems;
  }

  const select = options.get('select');
  if (select !== undefined) {
    for (const item of splitTopLevel(select)) {
      if (item === '*') continue;
      const end = resolvePropertyPath(model, on, item.split('/'));
      if (typeof end === 'string') problems.push(`$select=${item}: ${end}`);
    }
  }

  const expand = options.get('expand');
  if (expand !== undefined) {
    for (const item of splitTopLevel(expand)) {
      const name = item
        .replace(/\(.*$/s, '')
        .replace(/\/\$ref$/, '')
        .trim();
      if (name === '*') continue;
      const member = findMember(model, on, name);
      if (!member || member.kind !== 'navigation') {
        problems.push(`$expand=${name}: ${on} has no navigation property "${name}"`);
        continue;
      }
      const nested = /\((.*)\)$/s.exec(item);
      if (nested) {
        for (const option of nested[1].split(';')) {
          const [k, v = ''] = option.split('=');
          const optionName = k.trim().replace(/^\$/, '').toLowerCase();
          if (optionName === 'select') {
            for (const field of splitTopLevel(v)) {
              const end = resolvePropertyPath(model, member.type.name, field.split('/'));
              if (typeof end === 'string') problems.push(`$expand=${name}($select=${field}): ${end}`);
            }
          }
        }
      }
    }
  }

  const orderby = options.get('orderby');
  if (orderby !== undefined) {
    for (const item of splitTopLevel(orderby)) {
      const property = item.replace(/\s+(asc|desc)$/i, '').trim();
      const end = resolvePropertyPath(model, on, property.split('/'));
      if (typeof end === 'string') problems.push(`$orderby=${property}: ${end}`);
    }
  }

  const filter = options.get('filter');
  if (filter !== undefined) {
    const analysis = analyseFilter(filter);
    if ('error' in analysis) {
      problems.push(`$filter cannot be read: ${analysis.error}`);
    } else {
      for (const p of analysis.paths) {
        const base = p.lambdaOf ? resolvePropertyPath(model, on, p.lambdaOf) : { name: on, collection: false };
        if (typeof base === 'string') continue; // the lambda's collection was reported itself
        if (p.segments.length === 0) continue;
        const end = resolvePropertyPath(model, base.name, p.segments);
        const written = [...(p.lambdaOf ? ['…'] : []), ...p.segments].join('/');
        if (typeof end === 'string') problems.push(`$filter names ${written}: ${end}`);
      }
    }
  }
  return problems;
}
