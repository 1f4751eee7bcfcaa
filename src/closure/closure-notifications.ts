import { ClosureEvent, ClosureState, isStepId } from '../core';
import { stepHeading } from './step-heading';
import { CloudProfile } from '../config/clouds';
import { Notifier } from '../ports/notifier.port';
import { closureCardReply, ClosureCardSources } from './closure-card';
import { Contact, ClosureRepository } from '../runner/closure-repository';
import { BotReply, notice } from './replies';
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
}

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
    for (const contact of await this.contacts(state)) {
      const locale = contact.target.locale;
      const stepId = typeof params.stepId === 'string' && isStepId(params.stepId) ? params.stepId : undefined;
      const localized = { ...params, step: stepId ? stepHeading(locale, stepId) : '' };
      await this.deps.notifier.send(contact.target, notice(kind === 'jobFailed' || kind === 'usersRemain' ? 'attention' : 'good', `closure.notify.${kind}.title`, `closure.notify.${kind}.text`, localized));
    }
  }

  private async contacts(state: ClosureState): Promise<Contact[]> {
    const ids = [state.owner.aadObjectId, state.delegate?.aadObjectId].filter((id): id is string => Boolean(id));
    const found = await Promise.all(ids.map((id) => this.deps.repository.contact(state.tenantId, id)));
    return found.filter((c): c is Contact => c !== undefined);
  }
}
