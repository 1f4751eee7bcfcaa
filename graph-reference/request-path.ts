/**
 * Request paths in the form Microsoft's permission data lists them: no version, no query, lower case,
 * one entry per segment. Key and function segments keep their name and parameter names only
 * (`directoryRoles(roleTemplateId='62e9…')` → `directoryroles(roletemplateid={})`), so they compare
 * with the data's `{value}` placeholders.
 */
export function requestTemplate(path: string, options: { dropCasts?: boolean } = {}): string[] {
  const withoutQuery = path.split('?')[0].replace(/^https?:\/\/[^/]+/i, '');
  const segments = withoutQuery
    .split('/')
    .filter(Boolean)
    .map((s) => safeDecode(s).toLowerCase());
  if (segments[0] === 'v1.0' || segments[0] === 'beta') segments.shift();
  const normalised = segments.map(normaliseCall);
  return options.dropCasts ? normalised.filter((s) => !isCast(s)) : normalised;
}

/** `microsoft.graph.directoryRole` and the like: an OData type cast, not an entity key. */
export function isCast(segment: string): boolean {
  return /^microsoft\.graph\.[a-z0-9_]+$/i.test(segment);
}

/** Segment-wise match of a data template against a request's segments. */
export function templateMatches(template: readonly string[], request: readonly string[]): boolean {
  if (template.length !== request.length) return false;
  return template.every((t, i) => segmentMatches(normaliseCall(t), request[i]));
}

function segmentMatches(template: string, request: string): boolean {
  if (/^\{[^}]*\}$/.test(template)) {
    // A placeholder stands for a key: never for $count/$ref/$value, a cast or a function call.
    return !request.startsWith('$') && !isCast(request) && !request.includes('(');
  }
  return template === request;
}

function normaliseCall(segment: string): string {
  const call = /^([^()]+)\((.*)\)$/.exec(segment);
  if (!call) return segment;
  const [, name, args] = call;
  // A bare key in parentheses (`cloudCertificationAuthority({id})`) has no parameter names.
  if (!args.includes('=')) return `${name}({})`;
  const params = args
    .split(',')
    .map((a) => a.split('=')[0].trim())
    .join(',');
  return `${name}(${params}={})`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
