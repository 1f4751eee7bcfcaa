import { actingAdmin, ClosureEvent, ClosureState, isStepId } from '../core';
import { FORMAT_TAG, Locale } from '../i18n/locale';
import { t } from '../steps/texts';
import { Logger } from '../observability/logger';
import { DirectoryReader } from '../ports/directory.port';
import { stepHeading } from './step-heading';
import { CloudProfile } from '../config/clouds';
import { Notifier } from '../ports/notifier.port';
import { closureCardReply, ClosureCardSources } from './closure-card';
import { Contact, ClosureRepository } from '../runner/closure-repository';
import { BotReply, notice, NoticeTone } from './replies';
import { Clock } from '../time/clock';

export interface ClosureNotificationsDeps {
  repository: ClosureRepository;
  notifier: Notifier<BotReply>;
  links: CloudProfile['links'];
  /** The backup's download links, so a card updated in place keeps them (see closureCardReply). */
  backupLinks?: ClosureCardSources['backupLinks'];
  /** The admin-consent page, so a card updated in place after a missing-consent failure links to it. */
  adminConsentUrl?: ClosureCardSources['adminConsentUrl'];
  now: Clock['now'];
  /** Least time between two in-place updates caused by job progress alone. */
  progressIntervalMs?: number;
  /** The tenant's directory as the acting admin reads it: whom to ask for a second approval is checked there. */
  directoryFor(tenantId: string, actingUserId: string): Pick<DirectoryReader, 'globalAdminStatus'>;
  log?: Logger;
}

/** At most this many reachable admins are checked (one Graph read each) and asked for a second approval. */
const MAX_ASKED = 25;

/**
 * Keeps the admins informed while work runs in the background: the live card is updated in place
 * after every background result, and proactive messages announce finished steps and jobs. Every
 * failure is swallowed by the notifier: a message that can't be delivered never stops the closure.
 */
export class ClosureNotifications {
  private readonly lastProgressUpdate = new Map<string, number>();

  constructor(private readonly deps: ClosureNotificationsDeps) {}

  async stateChanged(state: ClosureState, cause: ClosureEvent): Promise<void> {
    if (cause.type === 'jobProgress') {
      const last = this.lastProgressUpdate.get(state.tenantId) ?? 0;
      if (this.deps.now() - last < (this.deps.progressIntervalMs ?? 2000)) return;
      this.lastProgressUpdate.set(state.tenantId, this.deps.now());
    }
    for (const contact of await this.contacts(state)) {
      if (!contact.liveCardId) continue;
      await this.deps.notifier.update(contact.target, contact.liveCardId, await closureCardReply(state, contact.aadObjectId, this.deps));
    }
  }

  async notify(state: ClosureState, kind: string, params: Record<string, string | number>): Promise<void> {
    if (kind === 'secondApprovalAsked') return this.askOtherAdmins(state, params);
    const tone = kind === 'jobFailed' || kind === 'usersRemain' || kind === 'secondApprovalRejected' ? 'attention' : 'good';
    for (const contact of await this.contacts(state)) await this.deps.notifier.send(contact.target, this.message(state, contact.target.locale, kind, tone, params));
  }

  /**
   * Four eyes: a second approval waits. Every other admin of the tenant the bot can reach (who
   * installed it or wrote to it) is told who asks and what, once Graph confirms they are a Global
   * Administrator now. Never the acting admin nor who asked: they cannot give the second approval.
   */
  private async askOtherAdmins(state: ClosureState, params: Record<string, string | number>): Promise<void> {
    const excluded = new Set([actingAdmin(state).aadObjectId, state.pendingApproval?.requestedBy.aadObjectId]);
    const candidates = (await this.deps.repository.contacts(state.tenantId)).filter((c) => !excluded.has(c.aadObjectId));
    if (candidates.length > MAX_ASKED) this.deps.log?.warn({ tenantId: state.tenantId, reachable: candidates.length, asked: MAX_ASKED }, 'More admins reachable than are checked for a second approval');
    const directory = this.deps.directoryFor(state.tenantId, actingAdmin(state).aadObjectId);
    for (const contact of candidates.slice(0, MAX_ASKED)) {
      const status = await directory.globalAdminStatus(contact.aadObjectId).catch((error: unknown) => {
        this.deps.log?.warn({ err: error, tenantId: state.tenantId }, 'Could not check a Global Administrator to ask for a second approval');
        return undefined;
      });
      if (status !== 'active') continue;
      await this.deps.notifier.send(contact.target, this.message(state, contact.target.locale, 'secondApprovalAsked', 'warning', params));
    }
  }

  /** A proactive notice in the admin's language: the step's heading, the action's label, dates, and a rejection's reason as plain text. */
  private message(state: ClosureState, locale: Locale, kind: string, tone: NoticeTone, params: Record<string, string | number>): BotReply {
    const stepId = typeof params.stepId === 'string' && isStepId(params.stepId) ? params.stepId : undefined;
    const verb = typeof params.verb === 'string' ? params.verb.slice('closure.'.length) : undefined;
    const { reason, ...rest } = params;
    const localized = {
      ...rest,
      step: stepId ? stepHeading(locale, stepId) : '',
      organization: state.tenant.displayName,
      ...(verb ? { action: t(locale, `closure.action.${verb}`) } : {}),
      ...(typeof params.expiresAt === 'string' ? { expiresAt: utcDate(locale, params.expiresAt) } : {}),
    };
    const reply = notice(tone, `closure.notify.${kind}.title`, `closure.notify.${kind}.text`, localized);
    return typeof reason === 'string' ? { ...reply, quote: reason } : reply;
  }

  private async contacts(state: ClosureState): Promise<Contact[]> {
    const ids = [state.owner.aadObjectId, state.delegate?.aadObjectId].filter((id): id is string => Boolean(id));
    const found = await Promise.all(ids.map((id) => this.deps.repository.contact(state.tenantId, id)));
    return found.filter((c): c is Contact => c !== undefined);
  }
}

/** "6 Dec 2026, 11:02 UTC" in the admin's language, as the cards write dates. */
function utcDate(locale: Locale, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toLocaleString(FORMAT_TAG[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}
