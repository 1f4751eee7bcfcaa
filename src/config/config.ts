import { hostname } from 'node:os';
import { z } from 'zod';
import { CLOUDS, CLOUD_PROFILES, CloudName, CloudProfile } from './clouds';

/** The bot's whole configuration, parsed once at startup. Nothing else reads `process.env`. */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly production: boolean;
  readonly bot: {
    readonly id: string;
    readonly password: string;
    readonly type: 'SingleTenant' | 'UserAssignedMsi';
    readonly tenantId: string;
    /** True when BOT_ID is empty: inbound tokens are not checked (local clients only). */
    readonly unauthenticated: boolean;
  };
  readonly cloud: CloudName;
  readonly cloudProfile: CloudProfile;
  readonly graph: {
    readonly endpoint: string;
    readonly auth: 'sso' | 'app' | 'static';
    /** For `static`: a bearer token, or a template with `{tenantId}` and `{userId}` for simulators serving many tenants. */
    readonly token: string;
    readonly clientId: string;
    readonly clientSecret: string;
    /** For `sso`: the Azure Bot OAuth connection that exchanges the Teams SSO token. */
    readonly ssoConnectionName: string;
    /**
     * Part of the application-wide write quota (35,000 writes / 5 min over all tenants) this
     * instance's deletion jobs share, 0 < share ≤ 1: instances do not coordinate, so with N
     * instances that may all delete at once, 1/N.
     */
    readonly writeShare: number;
  };
  /**
   * Azure Resource Manager, for Step 5's Azure subscriptions. Read with the same kind of token as
   * Graph (GRAPH_AUTH): `sso` exchanges the admin's sign-in for the cloud's `{ARM}/user_impersonation`;
   * `static` uses ARM_TOKEN (simulators); `app` has no admin token for ARM, so the check is the admin's.
   */
  readonly arm: {
    readonly endpoint: string;
    /** For `static`: a bearer token, or a template with `{tenantId}` and `{userId}`; empty: no ARM token. */
    readonly token: string;
  };
  readonly state: { readonly kind: 'memory' } | { readonly kind: 'file'; readonly dir: string } | { readonly kind: 'azure-blob'; readonly connectionString: string; readonly container: string };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Four eyes: the deployment's minimum of approvers per tenant write (2: a second Global Administrator). */
  readonly closureApprovers: 1 | 2;
  /** Local-only: forces every activity's locale (the Agents Playground always sends en-US). */
  readonly forceLocale?: string;
  /** Base URL at which admins' browsers reach this bot (backup download links). */
  readonly publicUrl?: string;
  /** Application Insights: telemetry is exported only when this is set. */
  readonly appInsightsConnectionString?: string;
  /** How long backup exports (personal data) are kept: after their closure ended, and at most while it stays open. */
  readonly backups: { readonly retentionDays: number; readonly maxAgeDays: number };
  /**
   * Names this instance as the owner of its job leases. It survives restarts, so a restarted
   * process takes its own leases back at once; at most one live process uses it at a time.
   */
  readonly instanceId: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN_KEYS = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'BOT_ID',
  'BOT_PASSWORD',
  'BOT_TYPE',
  'BOT_TENANT_ID',
  'CLOUD',
  'GRAPH_ENDPOINT',
  'GRAPH_AUTH',
  'GRAPH_TOKEN',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'ARM_ENDPOINT',
  'ARM_TOKEN',
  'STATE_STORE',
  'STATE_DIR',
  'AZURE_STORAGE_CONNECTION_STRING',
  'STATE_CONTAINER',
  'LOG_LEVEL',
  'DEV_FORCE_LOCALE',
  'PUBLIC_URL',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'SSO_CONNECTION_NAME',
  'GRAPH_WRITE_SHARE',
  'CLOSURE_APPROVERS',
  'AAD_APP_CLIENT_ID',
  'SECRET_AAD_APP_CLIENT_SECRET',
  'AAD_APP_OAUTH_AUTHORITY_HOST',
  'BACKUP_RETENTION_DAYS',
  'BACKUP_MAX_AGE_DAYS',
  'INSTANCE_ID',
] as const;

const INSTANCE_ID_SHAPE = /^[A-Za-z0-9._-]{1,64}$/;

const WRITE_SHARE_RANGE = 'a share from 0.01 to 1, as a decimal or 1/N (e.g. 0.5 or 1/2 for two instances)';
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalText,
  NODE_ENV: optionalText,
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TYPE: z.enum(['SingleTenant', 'UserAssignedMsi']).default('SingleTenant'),
  BOT_TENANT_ID: optionalText,
  CLOUD: z.enum(CLOUDS).default('public'),
  GRAPH_ENDPOINT: optionalText.pipe(z.string().url().optional()),
  GRAPH_AUTH: z.enum(['sso', 'app', 'static']).default('sso'),
  GRAPH_TOKEN: optionalText,
  ARM_ENDPOINT: optionalText.pipe(z.string().url().optional()),
  ARM_TOKEN: optionalText,
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  // What the Agents Toolkit writes to env/.env.* when it provisions aad.manifest.json (aadApp/create):
  // the app registration Teams SSO names and that does on-behalf-of. GRAPH_CLIENT_ID/SECRET default to it.
  AAD_APP_CLIENT_ID: optionalText,
  SECRET_AAD_APP_CLIENT_SECRET: optionalText,
  AAD_APP_OAUTH_AUTHORITY_HOST: optionalText,
  SSO_CONNECTION_NAME: optionalText,
  // A decimal, or `1/N` (what a deployment template can write without floating point). At least
  // 1/100: a smaller share would make a 20-write batch wait longer than a timer can (2^31 ms).
  GRAPH_WRITE_SHARE: optionalText.pipe(
    z
      .string()
      .transform((v) => (/^\s*1\s*\/\s*\d+\s*$/.test(v) ? 1 / Number(v.split('/')[1]) : /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(v) ? Number(v) : Number.NaN))
      .pipe(z.number({ invalid_type_error: WRITE_SHARE_RANGE }).min(0.01, WRITE_SHARE_RANGE).max(1, WRITE_SHARE_RANGE))
      .optional(),
  ),
  STATE_STORE: z.enum(['file', 'memory', 'azure-blob']).default('file'),
  STATE_DIR: optionalText,
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  STATE_CONTAINER: optionalText,
  CLOSURE_APPROVERS: z.enum(['1', '2'], { errorMap: () => ({ message: 'must be 1 or 2 (2: every tenant write needs a second Global Administrator)' }) }).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
  PUBLIC_URL: optionalText.pipe(z.string().url().optional()),
  DEV_FORCE_LOCALE: optionalText.pipe(
    z
      .string()
      .regex(/^[a-zA-Z]{2}(-[a-zA-Z]{2})?$/, 'a locale such as it-IT')
      .optional(),
  ),
  // Days, decimals allowed. 0 deletes a backup at the first sweep after its closure ends.
  BACKUP_RETENTION_DAYS: optionalText.pipe(z.coerce.number({ invalid_type_error: 'a number of days from 0 to 90' }).min(0, 'a number of days from 0 to 90').max(90, 'a number of days from 0 to 90').optional()),
  BACKUP_MAX_AGE_DAYS: optionalText.pipe(z.coerce.number({ invalid_type_error: 'a number of days from 1 to 365' }).min(1, 'a number of days from 1 to 365').max(365, 'a number of days from 1 to 365').optional()),
  INSTANCE_ID: optionalText.pipe(z.string().regex(INSTANCE_ID_SHAPE, 'at most 64 letters, digits, ".", "_" or "-"').optional()),
  // Set by Azure App Service: the id of the machine the app runs on, stable across restarts of the app.
  WEBSITE_INSTANCE_ID: optionalText,
});

/**
 * Parses and cross-checks the environment, reporting every problem at once so a deployment is
 * fixed in one pass. Throws ConfigError; never returns a half-valid configuration.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])] ?? null)})`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  const botId = e.BOT_ID ?? '';

  if (production && !botId) problems.push('BOT_ID: required when NODE_ENV=production (without it inbound requests are not authenticated)');
  if (botId && !e.BOT_TENANT_ID) problems.push('BOT_TENANT_ID: required when BOT_ID is set (single-tenant and managed-identity bots)');
  if (botId && e.BOT_TYPE === 'SingleTenant' && !e.BOT_PASSWORD) problems.push('BOT_PASSWORD: required for BOT_TYPE=SingleTenant');
  if (botId && e.BOT_TYPE === 'UserAssignedMsi' && e.BOT_PASSWORD) problems.push('BOT_PASSWORD: must be empty for BOT_TYPE=UserAssignedMsi (the managed identity signs in)');
  if (e.GRAPH_AUTH === 'static') {
    if (production) problems.push('GRAPH_AUTH: "static" is for simulators only and is refused with NODE_ENV=production');
    if (!e.GRAPH_TOKEN) problems.push('GRAPH_TOKEN: required for GRAPH_AUTH=static');
  }
  const sso = e.GRAPH_AUTH === 'sso' ? onBehalfOfApp(e, botId) : undefined;
  if (e.GRAPH_AUTH === 'sso' && botId) {
    if (!e.SSO_CONNECTION_NAME) problems.push('SSO_CONNECTION_NAME: required for GRAPH_AUTH=sso (the Azure Bot OAuth connection used for Teams SSO)');
    // On-behalf-of needs an app registration and its secret: the provisioned one, or the bot's own (single-tenant).
    if (!sso?.clientId || !sso.clientSecret) {
      const why = e.BOT_TYPE === 'UserAssignedMsi' ? ' with BOT_TYPE=UserAssignedMsi (a managed identity cannot do on-behalf-of)' : '';
      problems.push(
        `GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET: required for GRAPH_AUTH=sso${why}: the app registration that does on-behalf-of and its secret (by default the Agents Toolkit's AAD_APP_CLIENT_ID and SECRET_AAD_APP_CLIENT_SECRET)`,
      );
    }
  }
  const cloudProfile = CLOUD_PROFILES[e.CLOUD];
  if (e.GRAPH_AUTH === 'sso' && e.AAD_APP_OAUTH_AUTHORITY_HOST && !sameAuthority(e.AAD_APP_OAUTH_AUTHORITY_HOST, cloudProfile)) {
    problems.push(
      `AAD_APP_OAUTH_AUTHORITY_HOST: ${e.AAD_APP_OAUTH_AUTHORITY_HOST} is not the sign-in authority of CLOUD=${e.CLOUD} (${cloudProfile.authority}): the app registration was made in another cloud's Entra ID`,
    );
  }
  if (e.GRAPH_AUTH === 'app' && (!e.GRAPH_CLIENT_ID || !e.GRAPH_CLIENT_SECRET)) {
    problems.push('GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET: required for GRAPH_AUTH=app');
  }
  if (e.STATE_STORE === 'azure-blob' && !e.AZURE_STORAGE_CONNECTION_STRING) {
    problems.push('AZURE_STORAGE_CONNECTION_STRING: required for STATE_STORE=azure-blob');
  }
  if (production && !e.PUBLIC_URL) problems.push('PUBLIC_URL: required with NODE_ENV=production (the https address admins use to download backups)');
  if (production && e.DEV_FORCE_LOCALE) problems.push('DEV_FORCE_LOCALE: a local-testing aid, refused with NODE_ENV=production');
  // Only near-misses of our own names with our own prefixes: the environment also holds the system's
  // and other tools' settings (HOME, CLOUD_SDK_VERSION…).
  const misspelt = Object.keys(env).filter((k) => /^(BOT|GRAPH|ARM|STATE|CLOUD|SSO|PUBLIC|AZURE_STORAGE|DEV|BACKUP)_?/.test(k) && !(KNOWN_KEYS as readonly string[]).includes(k) && closestKnown(k) !== undefined);
  for (const key of misspelt) problems.push(`${key}: unknown setting (did you mean ${closestKnown(key)}?)`);
  if (problems.length > 0) throw new ConfigError(problems);

  const state: AppConfig['state'] =
    e.STATE_STORE === 'memory'
      ? { kind: 'memory' }
      : e.STATE_STORE === 'azure-blob'
        ? { kind: 'azure-blob', connectionString: e.AZURE_STORAGE_CONNECTION_STRING ?? '', container: e.STATE_CONTAINER ?? 'closure-state' }
        : { kind: 'file', dir: e.STATE_DIR ?? '.data' };

  return Object.freeze({
    port: e.PORT,
    host: e.HOST ?? (botId ? '0.0.0.0' : '127.0.0.1'),
    production,
    bot: Object.freeze({ id: botId, password: e.BOT_PASSWORD ?? '', type: e.BOT_TYPE, tenantId: e.BOT_TENANT_ID ?? '', unauthenticated: !botId }),
    cloud: e.CLOUD,
    cloudProfile,
    graph: Object.freeze({
      endpoint: (e.GRAPH_ENDPOINT ?? cloudProfile.graphEndpoint).replace(/\/+$/, ''),
      auth: e.GRAPH_AUTH,
      token: e.GRAPH_TOKEN ?? '',
      clientId: (sso ? sso.clientId : e.GRAPH_CLIENT_ID) ?? '',
      clientSecret: (sso ? sso.clientSecret : e.GRAPH_CLIENT_SECRET) ?? '',
      ssoConnectionName: e.SSO_CONNECTION_NAME ?? '',
      writeShare: e.GRAPH_WRITE_SHARE ?? 1,
    }),
    arm: Object.freeze({ endpoint: (e.ARM_ENDPOINT ?? cloudProfile.armEndpoint).replace(/\/+$/, ''), token: e.ARM_TOKEN ?? '' }),
    state: Object.freeze(state),
    logLevel: e.LOG_LEVEL,
    closureApprovers: e.CLOSURE_APPROVERS === '2' ? 2 : 1,
    forceLocale: e.DEV_FORCE_LOCALE,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    backups: Object.freeze({ retentionDays: e.BACKUP_RETENTION_DAYS ?? 7, maxAgeDays: e.BACKUP_MAX_AGE_DAYS ?? 30 }),
    instanceId: e.INSTANCE_ID ?? defaultInstanceId(e.WEBSITE_INSTANCE_ID ?? hostname()),
  });
}

type ParsedEnv = z.infer<typeof schema>;

/**
 * GRAPH_AUTH=sso: the app registration that does on-behalf-of, and its secret. GRAPH_CLIENT_ID wins;
 * else the Agents Toolkit's registration (AAD_APP_CLIENT_ID); else, for a single-tenant bot, the bot's
 * own app. GRAPH_CLIENT_SECRET, when set, is the chosen app's secret; otherwise the secret is taken only
 * from the source the id came from, so an id is never paired with another app's secret.
 */
function onBehalfOfApp(e: ParsedEnv, botId: string): { clientId?: string; clientSecret?: string } {
  if (e.GRAPH_CLIENT_ID) {
    const provisioned = e.GRAPH_CLIENT_ID === e.AAD_APP_CLIENT_ID ? e.SECRET_AAD_APP_CLIENT_SECRET : undefined;
    const bots = e.GRAPH_CLIENT_ID === botId && e.BOT_TYPE === 'SingleTenant' ? e.BOT_PASSWORD : undefined;
    return { clientId: e.GRAPH_CLIENT_ID, clientSecret: e.GRAPH_CLIENT_SECRET ?? provisioned ?? bots };
  }
  if (e.AAD_APP_CLIENT_ID) return { clientId: e.AAD_APP_CLIENT_ID, clientSecret: e.GRAPH_CLIENT_SECRET ?? e.SECRET_AAD_APP_CLIENT_SECRET };
  if (e.BOT_TYPE === 'SingleTenant') return { clientId: botId || undefined, clientSecret: e.GRAPH_CLIENT_SECRET ?? e.BOT_PASSWORD };
  return { clientSecret: e.GRAPH_CLIENT_SECRET };
}

/** Whether an authority host (as the Agents Toolkit writes it) is CLOUD's Entra ID. */
function sameAuthority(host: string, cloud: CloudProfile): boolean {
  const norm = (url: string): string =>
    url
      .trim()
      .replace(/^https:\/\//i, '')
      .replace(/\/+$/, '')
      .toLowerCase();
  return [cloud.authority, cloud.botFramework.loginHost].map(norm).includes(norm(host));
}

/** The machine's name (App Service: its instance id), made a valid id: what one process per machine needs. */
function defaultInstanceId(machine: string): string {
  const id = machine.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
  return INSTANCE_ID_SHAPE.test(id) ? id : 'instance';
}

function closestKnown(key: string): string | undefined {
  const best = KNOWN_KEYS.map((k) => ({ k, d: editDistance(k, key) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d > 0 && best.d <= 2 ? best.k : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length];
}
