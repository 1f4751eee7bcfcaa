import { BotReply } from '../closure/replies';
import { Locale } from '../i18n/locale';
import { AdaptiveCardJson } from '../cards/render-card';
import { noticeCard } from '../cards/presenters/notice.presenter';
import { overviewCard } from '../cards/presenters/overview.presenter';
import { closureCard } from '../cards/presenters/closure.presenter';
import { consentCard } from '../cards/presenters/consent.presenter';

/** Turns what the closure layer answered into the card Teams shows, in the admin's language. */
export function renderReply(locale: Locale, reply: BotReply): AdaptiveCardJson {
  switch (reply.kind) {
    case 'notice':
      return noticeCard(locale, reply);
    case 'overview':
      return overviewCard(locale, reply);
    case 'closure':
      return closureCard(locale, reply.view, reply.context);
    case 'consent':
      return consentCard(locale, reply);
  }
}
