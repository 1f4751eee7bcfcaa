import { DOCUMENTED_PERMISSIONS, DocumentedPermissions } from './documented-permissions';
import { readDataFile } from './data-file';
import { requestTemplate, templateMatches } from './request-path';

/** The permission schemes of Microsoft's data this project uses. */
export type PermissionScheme = 'DelegatedWork' | 'Application';

/** One permission that allows a request, as Microsoft's data (or a documented page) says. */
export interface AllowingPermission {
  name: string;
  /** Marked least-privileged for this scheme (`least=` in Microsoft's data). */
  least: boolean;
  /** Permissions that must be granted with it (`AlsoRequires=` in Microsoft's data). */
  alsoRequires: string[];
}

/** What allows one request: from Microsoft's permission data, or from the API page cited when the data lacks it. */
export interface RequestPermissions {
  source: 'permissions.json' | 'documented';
  /** The template that matched (Microsoft's, lower-cased) or the documented row's. */
  template: string;
  allowedBy: AllowingPermission[];
  /** For a documented row: the page it comes from. */
  citation?: string;
  /** Documented extra conditions (e.g. deleting an admin-role holder needs Directory.AccessAsUser.All). */
  notes?: string;
}

interface PathSet {
  schemeKeys: string[];
  methods: string[];
  paths: Record<string, string>;
}

interface PermissionsFile {
  permissions: Record<string, { schemes?: Record<string, unknown>; pathSets?: PathSet[] }>;
}

interface IndexedRow {
  template: string;
  segments: string[];
  permission: string;
  method: string;
  scheme: string;
  flags: string;
}

let index: IndexedRow[] | undefined;
let names: Set<string> | undefined;

/** The vendored copy of Microsoft Graph's permission data (microsoft-graph-devx-content, MIT). */
export function loadPermissionsFile(): PermissionsFile {
  return JSON.parse(readDataFile('permissions.json.gz')) as PermissionsFile;
}

function rows(): IndexedRow[] {
  if (index) return index;
  const file = loadPermissionsFile();
  const built: IndexedRow[] = [];
  names = new Set(Object.keys(file.permissions));
  for (const [permission, entry] of Object.entries(file.permissions)) {
    for (const set of entry.pathSets ?? []) {
      for (const [path, flags] of Object.entries(set.paths)) {
        const template = path.toLowerCase();
        for (const method of set.methods) {
          for (const scheme of set.schemeKeys) {
            built.push({ template, segments: template.split('/').filter(Boolean), permission, method: method.toUpperCase(), scheme, flags });
          }
        }
      }
    }
  }
  index = built;
  return built;
}

/** Whether Microsoft's data knows a permission by this name. */
export function isKnownPermission(name: string): boolean {
  rows();
  return names!.has(name);
}

function flagsFor(flags: string, scheme: string): { least: boolean; alsoRequires: string[] } {
  let least = false;
  const alsoRequires: string[] = [];
  for (const part of flags.split(';')) {
    const [key, value = ''] = part.split('=');
    if (key.trim().toLowerCase() === 'least')
      least = value
        .split(',')
        .map((s) => s.trim())
        .includes(scheme);
    if (key.trim().toLowerCase() === 'alsorequires')
      alsoRequires.push(
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
  }
  return { least, alsoRequires };
}

/**
 * What allows `method path` for a scheme. `path` is the request's path (with or without the version
 * and query). Microsoft's data is tried first, by template; a request with an OData cast segment is
 * listed under the path without the cast (the data's README). Then the documented table. Undefined
 * when neither knows the request: a conformance check must treat that as a violation, not as allowed.
 */
export function permissionsForRequest(method: string, path: string, scheme: PermissionScheme): RequestPermissions | undefined {
  const upper = method.toUpperCase();
  const documented = documentedRow(upper, path, scheme);
  const fromData = fromPermissionsData(upper, requestTemplate(path), scheme) ?? fromPermissionsData(upper, requestTemplate(path, { dropCasts: true }), scheme);
  if (fromData && documented) return { ...fromData, notes: documented.notes, citation: documented.citation };
  return fromData ?? documented;
}

function fromPermissionsData(method: string, segments: string[], scheme: PermissionScheme): RequestPermissions | undefined {
  const matches = rows().filter((r) => r.method === method && r.scheme === scheme && templateMatches(r.segments, segments));
  if (matches.length === 0) return undefined;
  // Prefer the most literal template (fewest placeholders) when several match, e.g. /users/delta over /users/{id}.
  const best = Math.min(...matches.map((m) => placeholders(m.segments)));
  const chosen = matches.filter((m) => placeholders(m.segments) === best);
  const template = chosen[0].template;
  const byName = new Map<string, AllowingPermission>();
  for (const row of chosen.filter((m) => m.template === template)) {
    const flags = flagsFor(row.flags, scheme);
    const known = byName.get(row.permission);
    byName.set(row.permission, { name: row.permission, least: flags.least || (known?.least ?? false), alsoRequires: [...new Set([...(known?.alsoRequires ?? []), ...flags.alsoRequires])] });
  }
  return { source: 'permissions.json', template, allowedBy: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

function placeholders(segments: string[]): number {
  return segments.filter((s) => s.includes('{')).length;
}

function documentedRow(method: string, path: string, scheme: PermissionScheme): RequestPermissions | undefined {
  const segments = requestTemplate(path);
  const row: DocumentedPermissions | undefined = DOCUMENTED_PERMISSIONS.find((d) => d.method === method && d.scheme === scheme && templateMatches(d.template.toLowerCase().split('/').filter(Boolean), segments));
  if (!row) return undefined;
  return {
    source: 'documented',
    template: row.template.toLowerCase(),
    allowedBy: row.allowedBy.map((name, i) => ({ name, least: i === 0, alsoRequires: [] })),
    citation: row.citation,
    notes: row.notes,
  };
}

/**
 * Whether the granted scopes allow a request: some allowing permission is granted together with
 * whatever it also requires. `unknown` when neither Microsoft's data nor the documented table lists
 * the request (callers decide; the simulator refuses, the conformance test reports a violation).
 */
export function grantAllows(method: string, path: string, scheme: PermissionScheme, granted: ReadonlySet<string>): 'allowed' | 'denied' | 'unknown' {
  const needed = permissionsForRequest(method, path, scheme);
  if (!needed) return 'unknown';
  if (needed.allowedBy.length === 0) return 'allowed';
  return needed.allowedBy.some((p) => granted.has(p.name) && p.alsoRequires.every((r) => granted.has(r))) ? 'allowed' : 'denied';
}
