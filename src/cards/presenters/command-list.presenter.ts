import { Locale } from '../../i18n/locale';
import { t } from '../../steps/texts';
import { AdaptiveCardJson, renderCard } from '../render-card';

const COMMANDS = ['close', 'status', 'handover', 'cancel', 'help'] as const;

function commandFacts(locale: Locale) {
  return COMMANDS.map((c) => ({ name: t(locale, `commands.${c}.name`), description: t(locale, `commands.${c}.description`) }));
}

export function welcomeCard(locale: Locale): AdaptiveCardJson {
  return renderCard('welcome', {
    title: t(locale, 'welcome.title'),
    intro: t(locale, 'welcome.intro'),
    warning: t(locale, 'welcome.warning'),
    commandsTitle: t(locale, 'welcome.commandsTitle'),
    commands: commandFacts(locale),
  });
}

export function helpCard(locale: Locale): AdaptiveCardJson {
  return renderCard('help', {
    title: t(locale, 'help.title'),
    intro: t(locale, 'help.intro'),
    commands: commandFacts(locale),
    footer: t(locale, 'help.footer'),
  });
}
