/**
 * The Microsoft 365 Agents Toolkit's own checks of our project files, run offline on the copies in
 * `data/` (see data/README.md): `m365agents.yml` against the Toolkit's JSON schema the way its
 * validator does, and `aad.manifest.json` by the rules `aadApp/update` applies in code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { load } from 'js-yaml';

const DATA = join(__dirname, 'data');

type Json = Record<string, unknown>;

export function readToolkitFile(name: string): string {
  const bytes = readFileSync(join(DATA, name));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

// ---------------------------------------------------------------------------------------------
// m365agents.yml

interface Schema {
  definitions: Record<string, Json>;
}

/** What `m365agents.yml` checking reports: the whole-file verdict (the Toolkit's) and one line per problem. */
export interface YamlVerdict {
  /** The Toolkit's own answer: its validator compiles the whole schema and refuses the file when this is false. */
  valid: boolean;
  /** One clear line per problem, from each action's own definition (instead of the schema's long `oneOf` dump). */
  problems: string[];
}

const LIFECYCLES = ['provision', 'deploy', 'publish'] as const;

/**
 * Validates project-file text the way the Toolkit's validator does: js-yaml 4, ajv 8 (draft-07 by
 * default) with `allowUnionTypes` and the `deprecationMessage` keyword, the whole schema compiled.
 * Then each lifecycle step is checked against the definition of the action it `uses`, so a
 * failure names the step, the action and the property.
 */
export class ToolkitYamlValidator {
  private readonly whole: ValidateFunction;
  private readonly perAction = new Map<string, ValidateFunction>();

  constructor(private readonly schema: Schema = JSON.parse(readToolkitFile('yaml.schema.v1.11.json')) as Schema) {
    const ajv = new Ajv({ allowUnionTypes: true });
    ajv.addKeyword('deprecationMessage');
    this.whole = ajv.compile(schema);
    // A second instance for the per-action checks: every error of a step at once.
    const detailed = new Ajv({ allowUnionTypes: true, allErrors: true });
    detailed.addKeyword('deprecationMessage');
    detailed.addSchema(schema, 'toolkit');
    for (const name of this.lifecycleDefinitions()) {
      const action = this.actionOf(name);
      if (action) this.perAction.set(action, detailed.compile({ $ref: `toolkit#/definitions/${name}` }));
    }
  }

  /** The action names the schema knows (`aadApp/create`, `teamsApp/publishAppPackage`, …). */
  actions(): string[] {
    return [...this.perAction.keys()];
  }

  validate(text: string): YamlVerdict {
    const document = load(text) as Json;
    const valid = this.whole(document) === true;
    const problems = valid ? [] : topLevelProblems(this.whole.errors ?? []);
    for (const lifecycle of LIFECYCLES) {
      const steps = document?.[lifecycle];
      if (steps === undefined) continue;
      if (!Array.isArray(steps)) {
        problems.push(`${lifecycle}: must be a list of steps`);
        continue;
      }
      steps.forEach((step: Json, i: number) => {
        const where = `${lifecycle}[${i}]`;
        const uses = typeof step?.uses === 'string' ? step.uses : undefined;
        const check = uses ? this.perAction.get(uses) : undefined;
        if (!check) {
          problems.push(`${where}: unknown action ${JSON.stringify(step?.uses ?? null)}`);
          return;
        }
        if (!check(step)) problems.push(...describe(`${where} ${uses}`, check.errors ?? []));
      });
    }
    return { valid, problems: [...new Set(problems)] };
  }

  /** The definitions a lifecycle step may match (`lifeCycleArray.items.anyOf`). */
  private lifecycleDefinitions(): string[] {
    const items = (this.schema.definitions.lifeCycleArray as { items: { anyOf: Array<{ $ref: string }> } }).items;
    return items.anyOf.map((r) => r.$ref.replace('#/definitions/', ''));
  }

  /** The action a definition describes: its `uses` constant, or that of its `oneOf`/`allOf` parts (aadApp/create). */
  private actionOf(name: string): string | undefined {
    const definition = this.schema.definitions[name] as Json & { properties?: { uses?: { const?: string } } };
    if (!definition) return undefined;
    if (definition.properties?.uses?.const) return definition.properties.uses.const;
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
      for (const part of (definition[key] as Array<{ $ref?: string }> | undefined) ?? []) {
        const found = part.$ref ? this.actionOf(part.$ref.replace('#/definitions/', '')) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  }
}

function topLevelProblems(errors: ErrorObject[]): string[] {
  // Lifecycle steps are reported per action below; the whole-file errors add what lies outside them.
  return errors.filter((e) => !/^\/(provision|deploy|publish)\//.test(e.instancePath)).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${paramsOf(e)}`.trim());
}

function describe(where: string, errors: ErrorObject[]): string[] {
  return errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if').map((e) => `${where}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${paramsOf(e)}`.trim());
}

function paramsOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if ('missingProperty' in p) return `(${String(p.missingProperty)})`;
  if ('additionalProperty' in p) return `(${String(p.additionalProperty)})`;
  if ('allowedValue' in p) return `(${JSON.stringify(p.allowedValue)})`;
  if ('allowedValues' in p) return `(${JSON.stringify(p.allowedValues)})`;
  return '';
}

// ---------------------------------------------------------------------------------------------
// aad.manifest.json

interface ServicePrincipal {
  appId: string;
  displayName: string;
  oauth2PermissionScopes: Array<{ id: string; value: string }>;
  appRoles: Array<{ id: string; value: string }>;
}

/** The Toolkit's name table as its `getPermissionMap` builds it: by display name → app id, by app id → scopes and roles. */
export interface ToolkitNameTable {
  appIdOf(resource: string): string | undefined;
  scopeId(appId: string, name: string): string | undefined;
  roleId(appId: string, name: string): string | undefined;
}

export function loadToolkitNameTable(): ToolkitNameTable {
  const principals = (JSON.parse(readToolkitFile('toolkit-permission-names.json.gz')) as { value: ServicePrincipal[] }).value;
  const byName = new Map(principals.map((p) => [p.displayName, p.appId]));
  const byAppId = new Map(principals.map((p) => [p.appId, p]));
  return {
    appIdOf: (resource) => byName.get(resource),
    scopeId: (appId, name) => byAppId.get(appId)?.oauth2PermissionScopes.find((s) => s.value === name)?.id,
    roleId: (appId, name) => byAppId.get(appId)?.appRoles.find((r) => r.value === name)?.id,
  };
}

/** validator.js `isUUID` (any version), which the Toolkit uses to tell an id from a name. */
export function isUuid(value: string): boolean {
  return /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i.test(value);
}

export interface ResolvedAccess {
  resourceAppId: string;
  type: string;
  /** As written in the manifest. */
  given: string;
  /** The id `aadApp/update` sends to Entra ID. */
  id: string;
}

/**
 * `requiredResourceAccess` as `aadApp/update` resolves it (its `processRequiredResourceAccessInManifest`):
 * a resource or permission given by name must be in the Toolkit's table, an id passes through
 * unchanged (Entra ID alone judges it: the Toolkit does not). Throws the Toolkit's error for the
 * first entry it would refuse.
 */
export function resolveRequiredResourceAccess(manifest: Json, table: ToolkitNameTable = loadToolkitNameTable()): ResolvedAccess[] {
  const required = manifest.requiredResourceAccess;
  if (required === undefined) return [];
  if (!Array.isArray(required)) throw new Error('RequiredResourceAccessShouldBeArray');
  const resolved: ResolvedAccess[] = [];
  for (const item of required as Array<{ resourceAppId?: string; resourceAccess?: unknown }>) {
    if (!item.resourceAppId) throw new Error('MissingResourceAppId');
    const resourceAppId = isUuid(item.resourceAppId) ? item.resourceAppId : table.appIdOf(item.resourceAppId);
    if (!resourceAppId) throw new Error(`UnknownResourceAppId: ${item.resourceAppId}`);
    if (item.resourceAccess !== undefined && !Array.isArray(item.resourceAccess)) throw new Error('ResourceAccessShouldBeArray');
    for (const access of (item.resourceAccess as Array<{ id?: string; type?: string }> | undefined) ?? []) {
      if (!access.id) throw new Error('MissingResourceAccessId');
      let id = access.id;
      if (!isUuid(access.id)) {
        if (access.type === 'Scope') id = table.scopeId(resourceAppId, access.id) ?? '';
        else if (access.type === 'Role') id = table.roleId(resourceAppId, access.id) ?? '';
        else throw new Error(`UnknownResourceAccessType: ${String(access.type)}`);
        if (!id) throw new Error(`UnknownResourceAccessId: ${access.id}`);
      }
      resolved.push({ resourceAppId, type: String(access.type), given: access.id, id });
    }
  }
  return resolved;
}

/**
 * The Toolkit's warnings about an Entra app manifest for Teams SSO (its `validateManifest`, new
 * schema): name, sign-in audience, required resource access, an exposed scope, pre-authorized
 * clients, v2 access tokens and the `idtyp` optional claim. Empty when it would warn about nothing.
 */
export function toolkitManifestWarnings(manifest: Json): string[] {
  const warnings: string[] = [];
  const api = (manifest.api ?? {}) as { oauth2PermissionScopes?: unknown[]; preAuthorizedApplications?: unknown[]; requestedAccessTokenVersion?: number };
  const claims = manifest.optionalClaims as { accessToken?: Array<{ name: string }> } | undefined;
  if (!manifest.signInAudience) warnings.push('SignInAudienceIsMissing');
  if (!manifest.requiredResourceAccess) warnings.push('RequiredResourceAccessIsMissing');
  if (!manifest.displayName) warnings.push('NameIsMissing');
  if (!api.oauth2PermissionScopes?.length) warnings.push('Oauth2PermissionsIsMissing');
  if (!api.preAuthorizedApplications?.length) warnings.push('PreAuthorizedApplicationsIsMissing');
  if (api.requestedAccessTokenVersion !== 2) warnings.push('AccessTokenAcceptedVersionIs1');
  if (!claims) warnings.push('OptionalClaimsIsMissing');
  else if (!claims.accessToken?.some((c) => c.name === 'idtyp')) warnings.push('OptionalClaimsMissingIdtypClaim');
  return warnings;
}

/** Replaces the Toolkit's `${{VAR}}` placeholders; a missing value is an error. */
export function fillToolkitPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for ${name}`);
    return values[name];
  });
}
