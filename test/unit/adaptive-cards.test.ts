import { LOCALES } from '../../src/i18n/locale';
import { t } from '../../src/steps/texts';
import { adaptiveCardProblems, renderedButtons } from '../support/adaptive-card-check';
import { cardGallery } from './card-gallery';

/**
 * Every kind of card, in every language, as Teams would take it: valid against the Adaptive Cards 1.5
 * schema, and parsed and validated by Microsoft's renderer under Teams' host config without a single
 * event (too many actions included). The end-to-end suites run the same check on every card they get.
 */
describe.each(LOCALES)('in %s', (locale) => {
  const cards = cardGallery(locale);

  it.each(Object.keys(cards))('the %s card passes the schema and the renderer', (name) => {
    expect(adaptiveCardProblems(cards[name])).toEqual([]);
  });

  it('Step 5 with everything still blocking shows every button, "Cancel the closure" included', () => {
    expect(renderedButtons(cards.directoryEverythingBlocks)).toContain(t(locale, 'closure.action.cancel'));
  });
});

it('the check fails on seven actions, an unknown element and a numbered Markdown line', () => {
  const card = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: '1. First' }, { type: 'Foo' }],
    actions: Array.from({ length: 7 }, (_, i) => ({ type: 'Action.Execute', title: `a${i}`, verb: 'v' })),
  };
  const problems = adaptiveCardProblems(card).join('\n');
  expect(problems).toMatch(/TooManyActions/);
  expect(problems).toMatch(/UnknownElementType/);
  expect(problems).toMatch(/schema:/);
  expect(problems).toMatch(/numbered list/);
});
