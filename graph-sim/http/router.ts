import { GraphHttpError, unknownSegment } from './graph-error';
import { RequestContext } from './request-context';
import type { HttpMethod } from '../support/http-method';
import { SimResponse } from './sim-response';

export type ApiVersion = 'v1.0' | 'beta';

export interface Route {
  method: HttpMethod;
  /** Segments after the version; `{name}` matches one segment, e.g. `/users/{id}/memberOf`. */
  path: string;
  /** Default: both. Beta-only paths answer 400 on v1.0, as Graph does for unknown segments. */
  versions?: readonly ApiVersion[];
  /** The path exists only to answer Graph's own 400 for it: that answer comes before authorization. */
  refuses?: () => GraphHttpError;
  handle(ctx: RequestContext): SimResponse;
}

interface Compiled {
  route: Route;
  parts: string[];
  literals: number;
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const parts = route.path.split('/').filter((p) => p !== '');
      return { route, parts, literals: parts.filter((p) => !p.startsWith('{')).length };
    });
  }

  /** The best route for the request (literal segments beat placeholders), or Graph's 400/405. */
  match(method: HttpMethod, version: ApiVersion, segments: readonly string[]): { route: Route; params: Record<string, string> } {
    const candidates = this.compiled
      .map((c) => ({ c, params: matchParts(c.parts, segments) }))
      .filter((m): m is { c: Compiled; params: Record<string, string> } => m.params !== undefined)
      .sort((a, b) => b.c.literals - a.c.literals);
    if (candidates.length === 0) throw unknownSegment(segments[this.longestPrefix(segments)] ?? segments[segments.length - 1] ?? '');
    const inVersion = candidates.filter(({ c }) => (c.route.versions ?? ['v1.0', 'beta']).includes(version));
    if (inVersion.length === 0) throw unknownSegment(segments[segments.length - 1]);
    const exact = inVersion.find(({ c }) => c.route.method === method);
    if (!exact) throw new GraphHttpError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    return { route: exact.c.route, params: exact.params };
  }

  private longestPrefix(segments: readonly string[]): number {
    let best = 0;
    for (const { parts } of this.compiled) {
      let i = 0;
      while (i < parts.length && i < segments.length && (parts[i].startsWith('{') || parts[i].toLowerCase() === segments[i].toLowerCase())) i++;
      best = Math.max(best, i);
    }
    return best;
  }
}

function matchParts(parts: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].startsWith('{')) params[parts[i].slice(1, -1)] = segments[i];
    else if (parts[i].toLowerCase() !== segments[i].toLowerCase()) return undefined;
  }
  return params;
}
