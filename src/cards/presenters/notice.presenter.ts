import { NoticeReply } from '../../closure/replies';
import { Locale } from '../../i18n/locale';
import { t } from '../../steps/texts';
import { AdaptiveCardJson, renderCard } from '../render-card';
import { failureMessage } from './failure-message';

export function noticeCard(locale: Locale, reply: NoticeReply): AdaptiveCardJson {
  // A failed Graph request is worded here, from what the reply says of it.
  const text = reply.failure ? failureMessage(locale, reply.failure, reply.textKey) : { key: reply.textKey, params: reply.params };
  return renderCard('notice', {
    tone: reply.tone,
    title: t(locale, reply.titleKey, text.params),
    text: t(locale, text.key, text.params),
    ...(reply.quote ? { quote: reply.quote } : {}),
    ...(reply.link ? { link: { title: t(locale, reply.link.labelKey), url: reply.link.url } } : {}),
  });
}
