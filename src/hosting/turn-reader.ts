import { Activity, TurnContext } from 'botbuilder';
import { Turn } from '../closure/turn';
import { resolveLocale } from '../i18n/locale';

export type TurnReading = { ok: true; turn: Turn; personal: boolean } | { ok: false; problem: 'noTenant' | 'unknownUser' };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads who is acting and from which tenant. These are the activity's claims (authenticated by the
 * Bot Framework token when BOT_ID is set); the closure layer still verifies them through Graph.
 */
export function readTurn(context: TurnContext, userAssertion?: string): TurnReading {
  const activity = context.activity;
  const tenantId = tenantOf(activity);
  if (!tenantId || !GUID.test(tenantId)) return { ok: false, problem: 'noTenant' };
  const aadObjectId = activity.from?.aadObjectId;
  if (typeof aadObjectId !== 'string' || !GUID.test(aadObjectId)) return { ok: false, problem: 'unknownUser' };
  const conversationType = activity.conversation?.conversationType;
  return {
    ok: true,
    personal: conversationType === undefined || conversationType === 'personal',
    turn: {
      tenantId: tenantId.toLowerCase(),
      actor: { aadObjectId: aadObjectId.toLowerCase(), name: String(activity.from?.name ?? '').slice(0, 200) },
      locale: resolveLocale(localeOf(activity)),
      conversation: TurnContext.getConversationReference(activity),
      userAssertion,
      cardActivityId: activity.type === 'invoke' && typeof activity.replyToId === 'string' ? activity.replyToId : undefined,
    },
  };
}

export function localeOf(activity: Partial<Activity>): string | undefined {
  if (typeof activity.locale === 'string') return activity.locale;
  const clientInfo = activity.entities?.find((e) => e?.type === 'clientInfo') as { locale?: unknown } | undefined;
  return typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined;
}

function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation) return fromConversation;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof fromChannelData === 'string' ? fromChannelData : undefined;
}
