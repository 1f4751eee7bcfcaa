import { hostname } from 'node:os';
import { ConfigError, loadConfig } from '../../src/config/config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults for local use', () => {
    const config = loadConfig({ GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}' });
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.bot.unauthenticated).toBe(true);
    expect(config.cloud).toBe('public');
    expect(config.graph.endpoint).toBe('https://graph.microsoft.com');
    expect(config.state).toEqual({ kind: 'file', dir: '.data' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('defaults GRAPH_AUTH to sso, the production mode', () => {
    expect(loadConfig({}).graph.auth).toBe('sso');
  });

  it('reports every wrong key at once', () => {
    const problems = problemsOf({ PORT: 'eighty', CLOUD: 'mars', GRAPH_AUTH: 'magic', STATE_STORE: 'floppy' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['CLOUD', 'GRAPH_AUTH', 'PORT', 'STATE_STORE']);
  });

  it('refuses to start in production without BOT_ID, and refuses static Graph tokens there', () => {
    const problems = problemsOf({ NODE_ENV: 'production', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'x', PUBLIC_URL: 'https://bot.example.net' });
    expect(problems.some((p) => p.startsWith('BOT_ID'))).toBe(true);
    expect(problems.some((p) => p.startsWith('GRAPH_AUTH'))).toBe(true);
  });

  it('checks the Bot Framework credentials for each BOT_TYPE', () => {
    expect(problemsOf({ BOT_ID: 'id', BOT_TYPE: 'SingleTenant' }).join('\n')).toMatch(/BOT_TENANT_ID[\s\S]*BOT_PASSWORD/);
    expect(problemsOf({ BOT_ID: 'id', BOT_TYPE: 'UserAssignedMsi', BOT_TENANT_ID: 't', BOT_PASSWORD: 'p', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'x' })[0]).toMatch(/^BOT_PASSWORD: must be empty/);
    const msi = loadConfig({ BOT_ID: 'id', BOT_TYPE: 'UserAssignedMsi', BOT_TENANT_ID: 't', GRAPH_AUTH: 'app', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' });
    expect(msi.bot.unauthenticated).toBe(false);
    expect(msi.host).toBe('0.0.0.0');
  });

  it('requires what each GRAPH_AUTH and STATE_STORE mode needs', () => {
    expect(problemsOf({ GRAPH_AUTH: 'static' })).toEqual([expect.stringMatching(/^GRAPH_TOKEN/)]);
    expect(problemsOf({ GRAPH_AUTH: 'app' })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_ID/)]);
    expect(problemsOf({ STATE_STORE: 'azure-blob' })).toEqual([expect.stringMatching(/^AZURE_STORAGE_CONNECTION_STRING/)]);
    const blob = loadConfig({ STATE_STORE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' });
    expect(blob.state).toEqual({ kind: 'azure-blob', connectionString: 'UseDevelopmentStorage=true', container: 'closure-state' });
  });

  it('requires the OAuth connection for Teams SSO in a real deployment, and reuses the bot app for on-behalf-of', () => {
    const bot = { BOT_ID: 'bot-app', BOT_TENANT_ID: 'tenant', BOT_PASSWORD: 'secret', GRAPH_AUTH: 'sso' };
    expect(problemsOf(bot)).toEqual([expect.stringMatching(/^SSO_CONNECTION_NAME/)]);
    const config = loadConfig({ ...bot, SSO_CONNECTION_NAME: 'graph' });
    expect(config.graph).toEqual(expect.objectContaining({ auth: 'sso', clientId: 'bot-app', clientSecret: 'secret', ssoConnectionName: 'graph' }));
    expect(problemsOf({ BOT_ID: 'mi', BOT_TENANT_ID: 't', BOT_TYPE: 'UserAssignedMsi', GRAPH_AUTH: 'sso', SSO_CONNECTION_NAME: 'graph' })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET/)]);
  });

  describe("with the app registration the Agents Toolkit provisions (aad.manifest.json's outputs in env/.env.*)", () => {
    const msiBot = { BOT_ID: 'managed-identity', BOT_TENANT_ID: 'home', BOT_TYPE: 'UserAssignedMsi', GRAPH_AUTH: 'sso', SSO_CONNECTION_NAME: 'graph-sso' };
    const provisioned = { AAD_APP_CLIENT_ID: 'registration', SECRET_AAD_APP_CLIENT_SECRET: 'registration-secret', AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.com' };

    it('does on-behalf-of with the registration, not with the managed identity that runs the bot', () => {
      const config = loadConfig({ ...msiBot, ...provisioned });
      expect(config.bot.id).toBe('managed-identity');
      expect(config.graph).toEqual(expect.objectContaining({ auth: 'sso', clientId: 'registration', clientSecret: 'registration-secret', ssoConnectionName: 'graph-sso' }));
    });

    it('lets GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET override it, and never pairs one app id with another app secret', () => {
      expect(loadConfig({ ...msiBot, ...provisioned, GRAPH_CLIENT_ID: 'other', GRAPH_CLIENT_SECRET: 'other-secret' }).graph).toEqual(expect.objectContaining({ clientId: 'other', clientSecret: 'other-secret' }));
      expect(loadConfig({ ...msiBot, ...provisioned, GRAPH_CLIENT_ID: 'registration' }).graph.clientSecret).toBe('registration-secret');
      expect(problemsOf({ ...msiBot, ...provisioned, GRAPH_CLIENT_ID: 'other' })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET: required for GRAPH_AUTH=sso with BOT_TYPE=UserAssignedMsi/)]);
      const singleTenant = { BOT_ID: 'bot-app', BOT_TENANT_ID: 'home', BOT_PASSWORD: 'bot-secret', GRAPH_AUTH: 'sso', SSO_CONNECTION_NAME: 'graph-sso' };
      expect(loadConfig({ ...singleTenant, ...provisioned }).graph).toEqual(expect.objectContaining({ clientId: 'registration', clientSecret: 'registration-secret' }));
      expect(problemsOf({ ...singleTenant, AAD_APP_CLIENT_ID: 'registration' })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET: required for GRAPH_AUTH=sso: .*SECRET_AAD_APP_CLIENT_SECRET/)]);
    });

    it('refuses a registration without its secret, naming the Toolkit outputs it defaults to', () => {
      expect(problemsOf({ ...msiBot, AAD_APP_CLIENT_ID: 'registration' })).toEqual([expect.stringMatching(/AAD_APP_CLIENT_ID and SECRET_AAD_APP_CLIENT_SECRET/)]);
      expect(problemsOf({ ...msiBot, SECRET_AAD_APP_CLIENT_SECRET: 'orphan' })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET/)]);
    });

    it("refuses a registration made in another cloud's Entra ID than CLOUD", () => {
      expect(loadConfig({ ...msiBot, ...provisioned, AAD_APP_OAUTH_AUTHORITY_HOST: 'login.microsoftonline.com/' }).cloud).toBe('public');
      expect(loadConfig({ ...msiBot, ...provisioned, CLOUD: 'usgov', AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.us' }).cloud).toBe('usgov');
      expect(problemsOf({ ...msiBot, ...provisioned, CLOUD: 'usgov' })).toEqual([
        "AAD_APP_OAUTH_AUTHORITY_HOST: https://login.microsoftonline.com is not the sign-in authority of CLOUD=usgov (https://login.microsoftonline.us): the app registration was made in another cloud's Entra ID",
      ]);
    });

    it('leaves GRAPH_AUTH=app alone: app-only access needs a registration with application permissions, which aad.manifest.json does not declare', () => {
      expect(problemsOf({ GRAPH_AUTH: 'app', ...provisioned })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET: required for GRAPH_AUTH=app/)]);
      expect(loadConfig({ GRAPH_AUTH: 'app', ...provisioned, GRAPH_CLIENT_ID: 'app-only', GRAPH_CLIENT_SECRET: 's' }).graph).toEqual(expect.objectContaining({ clientId: 'app-only', clientSecret: 's' }));
    });
  });

  it('takes GRAPH_ENDPOINT over the cloud default, without a trailing slash', () => {
    expect(loadConfig({ GRAPH_ENDPOINT: 'http://127.0.0.1:5000/' }).graph.endpoint).toBe('http://127.0.0.1:5000');
    expect(loadConfig({ CLOUD: 'usgov' }).graph.endpoint).toBe('https://graph.microsoft.us');
    expect(problemsOf({ GRAPH_ENDPOINT: 'not a url' })[0]).toMatch(/^GRAPH_ENDPOINT/);
  });

  it('keeps backups 7 days after their closure ends and at most 30 days while it stays open, unless told otherwise', () => {
    expect(loadConfig({}).backups).toEqual({ retentionDays: 7, maxAgeDays: 30 });
    expect(loadConfig({ BACKUP_RETENTION_DAYS: '0', BACKUP_MAX_AGE_DAYS: '14' }).backups).toEqual({ retentionDays: 0, maxAgeDays: 14 });
    expect(loadConfig({ BACKUP_RETENTION_DAYS: '0.5' }).backups.retentionDays).toBe(0.5);
    expect(problemsOf({ BACKUP_RETENTION_DAYS: '91' })).toEqual([expect.stringMatching(/^BACKUP_RETENTION_DAYS: a number of days from 0 to 90/)]);
    expect(problemsOf({ BACKUP_RETENTION_DAYS: 'forever' })).toEqual([expect.stringMatching(/^BACKUP_RETENTION_DAYS: a number of days from 0 to 90/)]);
    expect(problemsOf({ BACKUP_MAX_AGE_DAYS: '0' })).toEqual([expect.stringMatching(/^BACKUP_MAX_AGE_DAYS: a number of days from 1 to 365/)]);
    expect(problemsOf({ BACKUP_RETENTION_DAY: '3' })).toEqual(['BACKUP_RETENTION_DAY: unknown setting (did you mean BACKUP_RETENTION_DAYS?)']);
  });

  it('takes the share of the application-wide write quota for this instance, 1 by default', () => {
    expect(loadConfig({}).graph.writeShare).toBe(1);
    expect(loadConfig({ GRAPH_WRITE_SHARE: '0.25' }).graph.writeShare).toBe(0.25);
    expect(loadConfig({ GRAPH_WRITE_SHARE: '' }).graph.writeShare).toBe(1);
    expect(loadConfig({ GRAPH_WRITE_SHARE: '1/3' }).graph.writeShare).toBeCloseTo(1 / 3);
    expect(loadConfig({ GRAPH_WRITE_SHARE: '1/1' }).graph.writeShare).toBe(1);
    expect(loadConfig({ GRAPH_WRITE_SHARE: '1/100' }).graph.writeShare).toBe(0.01);
    expect(loadConfig({ GRAPH_WRITE_SHARE: '.5' }).graph.writeShare).toBe(0.5);
    for (const wrong of ['0', '1.5', '-1', 'half', '1/0', '2/3', '1/', '0x1', '1e-9', '1/101', '0.001']) {
      expect(problemsOf({ GRAPH_WRITE_SHARE: wrong })[0]).toMatch(/^GRAPH_WRITE_SHARE: a share from 0.01 to 1/);
    }
  });

  it("names the instance (job lease owner) after INSTANCE_ID, else App Service's instance, else the host", () => {
    expect(loadConfig({ INSTANCE_ID: 'bot-1' }).instanceId).toBe('bot-1');
    expect(loadConfig({ WEBSITE_INSTANCE_ID: 'a'.repeat(64) }).instanceId).toBe('a'.repeat(64));
    expect(loadConfig({}).instanceId).toBe(
      hostname()
        .replace(/[^A-Za-z0-9._-]/g, '-')
        .slice(0, 64) || 'instance',
    );
    for (const wrong of ['a/b', 'x'.repeat(65), 'has space']) expect(problemsOf({ INSTANCE_ID: wrong })[0]).toMatch(/^INSTANCE_ID: at most 64 letters/);
  });

  it('suggests the right name for a mistyped setting', () => {
    expect(problemsOf({ GRAPH_TOKN: 'x' })).toEqual(['GRAPH_TOKN: unknown setting (did you mean GRAPH_TOKEN?)']);
  });

  it('ignores the rest of the environment, even names close to its own', () => {
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin', CLOUD_SDK_VERSION: '528.0.0', HOSTNAME: 'box', BOT_VERSION_OF_SOMETHING_ELSE: '1' })).not.toThrow();
  });
});
