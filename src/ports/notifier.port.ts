import { Locale } from '../i18n/locale';

/** Where a proactive message goes: a stored conversation reference and the admin's language. */
export interface NotificationTarget {
  conversation: unknown;
  locale: Locale;
}

/**
 * Proactive messages to an admin's chat, outside any turn. `Reply` is what the application says
 * (src/closure/replies.ts): the port carries it to the hosting layer, which renders it, and names
 * neither of the layers above it.
 *
 * @remarks Never throws: a failed delivery is retried a few times, then logged and reported as
 * `undefined`/`false`, because a notification must never stop a closure.
 */
export interface Notifier<Reply> {
  /** Sends a new message; resolves to its activity id (to update it in place later). */
  send(target: NotificationTarget, reply: Reply): Promise<string | undefined>;
  /** Replaces a message sent earlier (progress cards). */
  update(target: NotificationTarget, activityId: string, reply: Reply): Promise<boolean>;
}
