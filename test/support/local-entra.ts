import { IncomingMessage, ServerResponse } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { LocalCertificate, localCertificate, readBody, startHttpsServer } from './local-tls';

/** What the local Entra ID was asked, in order (form fields of token requests; never answered with a real token). */
export interface EntraRequest {
  method: string;
  path: string;
  form?: Record<string, string>;
}

export interface UserClaims {
  tenantId: string;
  objectId: string;
  name?: string;
}

/** An Entra-style refusal: the HTTP status and the AADSTS code MSAL surfaces in its error. */
interface Refusal {
  status: number;
  error: string;
  code: string;
  description: string;
  suberror?: string;
}

/**
 * A stand-in for Entra ID (login.microsoftonline.com) on 127.0.0.1 over https, as MSAL requires.
 * It signs the tokens Teams SSO would hand out, and serves the on-behalf-of grant: an assertion it
 * issued itself, for the bot's app, still valid, from the tenant in the path, is exchanged for a
 * Graph token the simulator accepts (`sim.<tid>.<oid>`). Client credentials get the app-only
 * `sim.<tid>`. Anything else gets the AADSTS error Entra gives, as JSON with status 400 (401 for a
 * wrong client secret).
 */
export class LocalEntra {
  readonly requests: EntraRequest[] = [];
  /** Tenants whose admin has not consented to the app's Graph permissions (AADSTS65001). */
  readonly consentMissing = new Set<string>();
  /** Token requests still to fail as in an outage: Entra answering 503, or the connection dropped. */
  private outage = { remaining: 0, kind: 'unavailable' as 'unavailable' | 'drop' };
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly kid = `entra-${randomUUID().slice(0, 8)}`;
  private server?: Awaited<ReturnType<typeof startHttpsServer>>;
  certificate?: LocalCertificate;
  origin = '';

  constructor(
    readonly app: { clientId: string; clientSecret: string },
    /**
     * Graph tokens name the simulator's tenant and user; anything else here would be refused by it.
     * Pass `({ tid, oid }) => sim.issueToken(tid, oid)` for a JWT whose `scp` is what the tenant
     * consented to (a tenant without consent then gets AADSTS65001, as from Entra).
     */
    private readonly graphToken: (claims: { tid: string; oid: string }) => string = ({ tid, oid }) => `sim.${tid}.${oid}`,
    /**
     * Resource Manager's tokens, for an on-behalf-of request that names its resource
     * (`https://management.azure.com/user_impersonation`). Pass `({ tid, oid }) => sim.issueArmToken(tid, oid)`
     * for a JWT with ARM's audience (a tenant without ARM consent then gets AADSTS65001, as from Entra).
     */
    private readonly armToken: (claims: { tid: string; oid: string }) => string = ({ tid, oid }) => `arm.${tid}.${oid}`,
  ) {}

  async start(): Promise<this> {
    this.certificate = await localCertificate();
    this.server = await startHttpsServer(this.certificate, (req, res) => void this.handle(req, res));
    this.origin = this.server.origin;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** The next `count` token requests fail as in an outage (MSAL's own retries count too). */
  failNext(count: number, kind: 'unavailable' | 'drop'): void {
    this.outage = { remaining: count, kind };
  }

  /** The bot's own API, as Teams SSO tokens name it (`webApplicationInfo.resource`). */
  get botApi(): string {
    return `api://botid-${this.app.clientId}`;
  }

  /**
   * A token for the bot's API as Entra issues it to Teams for SSO. `overrides` change claims
   * (`exp` in the past for an expired token, another `aud`…); `foreignKey` signs it with a key this
   * Entra does not have (a forgery).
   */
  userToken(user: UserClaims, overrides: Record<string, unknown> = {}, options: { foreignKey?: boolean } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: `${this.origin}/${user.tenantId}/v2.0`,
      aud: this.botApi,
      tid: user.tenantId,
      oid: user.objectId,
      name: user.name ?? 'Admin',
      scp: 'access_as_user',
      azp: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      ver: '2.0',
      iat: now - 60,
      nbf: now - 60,
      exp: now + 3600,
      uti: randomUUID(),
      ...overrides,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    const key = options.foreignKey ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : this.key.privateKey;
    return jwt.sign(payload, key, { algorithm: 'RS256', keyid: this.kid, noTimestamp: true });
  }

  /**
   * Checks a token for the bot's API as Entra checks an on-behalf-of assertion (and as the Bot
   * Framework token service checks a Teams SSO token it is asked to exchange).
   */
  verifyUserToken(token: string, tenantId?: string): { ok: true; claims: { tid: string; oid: string; name?: string } } | { ok: false; refusal: Refusal } {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.key.publicKey, { algorithms: ['RS256'], ignoreExpiration: true }) as jwt.JwtPayload;
    } catch {
      return { ok: false, refusal: refusal(400, 'invalid_grant', 'AADSTS50013', 'Assertion failed signature validation.') };
    }
    if (![this.botApi, this.app.clientId].includes(String(claims.aud))) {
      return { ok: false, refusal: refusal(400, 'invalid_grant', 'AADSTS500131', 'Assertion audience does not match the Client app presenting the assertion.') };
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
      return { ok: false, refusal: refusal(400, 'invalid_grant', 'AADSTS500133', 'Assertion is not within its valid time range.') };
    }
    if (claims.iss !== `${this.origin}/${claims.tid}/v2.0` || (tenantId && tenantId !== claims.tid)) {
      return { ok: false, refusal: refusal(400, 'invalid_grant', 'AADSTS50013', 'Assertion contains an invalid issuer or tenant.') };
    }
    return { ok: true, claims: { tid: String(claims.tid), oid: String(claims.oid), name: typeof claims.name === 'string' ? claims.name : undefined } };
  }

  /** The token requests received so far (`grant_type` tells on-behalf-of from client credentials). */
  tokenRequests(): Array<Record<string, string>> {
    return this.requests.filter((r) => r.form).map((r) => r.form!);
  }

  /** The on-behalf-of requests received so far. */
  oboRequests(): Array<Record<string, string>> {
    return this.requests.filter((r) => r.form?.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer').map((r) => r.form!);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const request: EntraRequest = { method: req.method ?? '', path: url.pathname };
    this.requests.push(request);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const discovery = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (req.method === 'GET' && discovery) {
      const tenant = discovery[1];
      return send(200, {
        issuer: `${this.origin}/${tenant === 'common' || tenant === 'organizations' ? '{tenantid}' : tenant}/v2.0`,
        token_endpoint: `${this.origin}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${this.origin}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${this.origin}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${this.origin}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
      });
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && token) {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      request.form = form;
      if (this.outage.remaining > 0) {
        this.outage.remaining--;
        if (this.outage.kind === 'drop') return void req.socket.destroy();
        return send(503, entraError(refusal(503, 'temporarily_unavailable', 'AADSTS90033', 'A transient error has occurred. Please try again.')));
      }
      const answer = this.grant(token[1], form);
      if ('refusal' in answer) return send(answer.refusal.status, entraError(answer.refusal));
      return send(200, answer.body);
    }
    send(404, entraError(refusal(404, 'not_found', 'AADSTS90002', `No route for ${req.method} ${url.pathname} on the local Entra ID.`)));
  }

  private grant(tenant: string, form: Record<string, string>): { body: Record<string, unknown> } | { refusal: Refusal } {
    const onBehalfOf = form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && form.requested_token_use === 'on_behalf_of';
    if (!onBehalfOf && form.grant_type !== 'client_credentials') {
      return { refusal: refusal(400, 'unsupported_grant_type', 'AADSTS70003', 'The app requested an unsupported grant type.') };
    }
    if (form.client_id !== this.app.clientId) {
      return { refusal: refusal(400, 'unauthorized_client', 'AADSTS700016', `Application with identifier '${form.client_id}' was not found in the directory.`) };
    }
    if (form.client_secret !== this.app.clientSecret) {
      return { refusal: refusal(401, 'invalid_client', 'AADSTS7000215', 'Invalid client secret provided.') };
    }
    const requested = (form.scope ?? '').split(' ');
    // A token has one audience: Resource Manager's when the request names it, else Graph's.
    const forArm = requested.some(isArmScope);
    const scope = requested.filter((s) => (forArm ? isArmScope(s) : s.endsWith('/.default'))).join(' ');
    if (!onBehalfOf) {
      // App-only: the simulator's token for the tenant alone.
      return { body: { token_type: 'Bearer', scope, expires_in: 3599, ext_expires_in: 3599, access_token: `sim.${tenant}` } };
    }
    const checked = this.verifyUserToken(form.assertion ?? '', tenant);
    if (!checked.ok) return { refusal: checked.refusal };
    let accessToken: string | undefined;
    try {
      const claims = { tid: checked.claims.tid, oid: checked.claims.oid };
      accessToken = this.consentMissing.has(checked.claims.tid) ? undefined : forArm ? this.armToken(claims) : this.graphToken(claims);
    } catch (error) {
      // The Graph simulator's issuer refuses a tenant where nobody consented, with Entra's code.
      if (!/AADSTS65001/.test(String((error as Error).message))) throw error;
    }
    if (accessToken === undefined) {
      return {
        refusal: {
          ...refusal(400, 'invalid_grant', 'AADSTS65001', 'The user or administrator has not consented to use the application. Send an interactive authorization request for this user and resource.'),
          suberror: 'consent_required',
        },
      };
    }
    return {
      body: {
        token_type: 'Bearer',
        scope,
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: accessToken,
      },
    };
  }
}

/** Resource Manager's resource, as a scope names it (the public cloud's and the sovereign clouds' hosts). */
function isArmScope(scope: string): boolean {
  return /^https:\/\/management\.(azure\.com|core\.windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)\/(user_impersonation|\.default)$/.test(scope);
}

function refusal(status: number, error: string, code: string, description: string): Refusal {
  return { status, error, code, description };
}

function entraError(r: Refusal): Record<string, unknown> {
  return {
    error: r.error,
    error_description: `${r.code}: ${r.description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [Number(r.code.replace('AADSTS', ''))],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
    ...(r.suberror ? { suberror: r.suberror } : {}),
  };
}
