/** Entry of src/cards: the cards the hosting layer sends, each from a reply. */
export type { AdaptiveCardJson } from './render-card';
export { closureCard } from './presenters/closure.presenter';
export { helpCard, welcomeCard } from './presenters/command-list.presenter';
export { consentCard } from './presenters/consent.presenter';
export { noticeCard } from './presenters/notice.presenter';
export { overviewCard } from './presenters/overview.presenter';
