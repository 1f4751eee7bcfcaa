import { NoticeReply } from '../../closure/replies';
import { Locale } from '../../i18n/locale';
import { t } from '../../i18n/translate';
import { AdaptiveCardJson, renderCard } from '../render-card';

export function noticeCard(locale: Locale, reply: NoticeReply): AdaptiveCardJson {
  return renderCard('notice', {
    tone: reply.tone,
    title: t(locale, reply.titleKey, reply.params),
    text: t(locale, reply.textKey, reply.params),
    ...(reply.quote ? { quote: reply.quote } : {}),
    ...(reply.link ? { link: { title: t(locale, reply.link.labelKey), url: reply.link.url } } : {}),
  });
}
