import { ConversationReference } from 'botbuilder';
import { UserTokenClient } from 'botframework-connector';
import { Contact } from '../runner/closure-repository';
import { assertionNames } from '../ports/assertion-claims';
import { Logger } from '../observability/logger';
import { SilentSignIn } from '../ports/silent-sign-in.port';
import { StrictTeamsAdapter } from './bot-adapter';
import { inProactiveTurn } from './proactive-turn';

export interface TokenServiceSignInDeps {
  adapter: StrictTeamsAdapter;
  botAppId: string;
  /** The Azure Bot OAuth connection Teams SSO goes through (SSO_CONNECTION_NAME). */
  connectionName: string;
  /** The admin's stored contact: the conversation reference of their last turn (its `user` is their Teams account). */
  contactOf(tenantId: string, aadObjectId: string): Promise<Contact | undefined>;
  log: Logger;
}

/** Teams SSO tokens are kept by the token service under the Teams channel. */
const TEAMS = 'msteams';

/**
 * The admin's token for the bot's OAuth connection, read from the Bot Framework token service
 * without a turn from them: the same GetToken Teams AI makes at the start of a turn, for the same
 * Teams user id (`29:…`, from the conversation reference stored at their last turn) and channel,
 * through a proactive turn context, so botbuilder authenticates it with the bot's own credentials
 * and sends it to the configured cloud's token service (OAuthUrl).
 *
 * The token is handed to Graph access and nowhere else: not stored, not logged.
 */
export class TokenServiceSignIn implements SilentSignIn {
  constructor(private readonly deps: TokenServiceSignInDeps) {}

  async storedSignIn(admin: { tenantId: string; userId: string }): Promise<string | undefined> {
    const where = { tenantId: admin.tenantId, userId: admin.userId };
    // A state store failure here is the store's own error, not the token service's.
    const reference = await this.referenceOf(admin);
    if (!reference) {
      this.deps.log.info(where, 'No Teams conversation stored for this admin: cannot look up their sign-in');
      return undefined;
    }
    try {
      const teamsUserId = reference.user!.id;
      let token: string | undefined;
      await inProactiveTurn(this.deps.adapter, this.deps.botAppId, reference, async (context) => {
        const client = context.turnState.get<UserTokenClient | undefined>(this.deps.adapter.UserTokenClientKey);
        if (!client) throw new Error('The adapter gave no user token client');
        const response = await client.getUserToken(teamsUserId, this.deps.connectionName, TEAMS, undefined as unknown as string);
        token = typeof response?.token === 'string' && response.token ? response.token : undefined;
      });
      if (!token) {
        this.deps.log.info(where, 'The token service holds no sign-in for this admin: they must sign in again');
        return undefined;
      }
      if (!assertionNames(token, admin)) {
        this.deps.log.warn(where, 'The token service returned a token for someone else: not used');
        return undefined;
      }
      this.deps.log.info(where, "Found the admin's sign-in at the token service");
      return token;
    } catch (error) {
      // Only what the error says: botbuilder's errors carry the request, bearer included.
      const e = error as { statusCode?: number; code?: string; message?: string };
      const reason = String(e?.message ?? error).slice(0, 200);
      this.deps.log.warn({ ...where, status: e?.statusCode, code: e?.code, reason }, "Could not ask the token service for the admin's sign-in");
      // An outage, not a missing sign-in (see SilentSignIn); a new error, so the request stays behind.
      throw new Error(`Token service unavailable (${e?.statusCode ?? e?.code ?? 'no answer'}): ${reason}`);
    }
  }

  /** The stored reference of this admin's personal chat with the bot in Teams, if it is theirs. */
  private async referenceOf(admin: { tenantId: string; userId: string }): Promise<Partial<ConversationReference> | undefined> {
    const contact = await this.deps.contactOf(admin.tenantId, admin.userId);
    const reference = contact?.target.conversation as Partial<ConversationReference> | undefined;
    const user = reference?.user as { id?: unknown; aadObjectId?: unknown } | undefined;
    if (!reference || reference.channelId !== TEAMS || typeof reference.serviceUrl !== 'string' || !reference.serviceUrl) return undefined;
    if (typeof user?.id !== 'string' || !user.id.startsWith('29:')) return undefined;
    if (typeof user.aadObjectId !== 'string' || user.aadObjectId.toLowerCase() !== admin.userId.toLowerCase()) return undefined;
    const tenantId = reference.conversation?.tenantId;
    if (typeof tenantId === 'string' && tenantId && tenantId.toLowerCase() !== admin.tenantId.toLowerCase()) return undefined;
    return reference;
  }
}
