import { renderCard, renderStepCard } from '../../src/cards/render-card';

const DATA = {
  stepLabel: 'Step 1',
  title: 'Delete users',
  status: 'Running',
  tone: 'accent',
  paragraphs: [],
  facts: [{ label: 'Users', value: '3' }],
  list: ['Ada'],
  listTitle: 'Users',
  toggles: [],
  links: [],
  actions: [],
};

describe("a step's card: the shared frame with the step's own part", () => {
  it("sets the step's part in the frame's slot, its shared blocks included, in the part's order", () => {
    const card = renderStepCard('users', { ...DATA, progress: { doneWeight: 1, leftWeight: 2, caption: '1 of 3' } });
    const body = card.body as Array<{ type: string; text?: string }>;
    const types = body.map((element) => element.type);
    expect(types.slice(types.indexOf('FactSet'))).toEqual(['FactSet', 'Container', 'TextBlock', 'TextBlock']);
    expect(JSON.stringify(card)).not.toContain('$stepPart');
  });

  it("another step's part does not show Step 1's progress bar", () => {
    const card = renderStepCard('mfa', { ...DATA, progress: { doneWeight: 1, leftWeight: 2, caption: '1 of 3' } });
    expect(JSON.stringify(card)).not.toContain('1 of 3');
  });

  it('refuses a part that does not exist, a name that is a path, and the frame rendered without a part', () => {
    expect(() => renderStepCard('nothing', DATA)).toThrow('Card template not found: cards/nothing/nothing.json');
    expect(() => renderStepCard('../step', DATA)).toThrow('Invalid card part name');
    expect(() => renderCard('step', DATA)).toThrow('Invalid card template name');
  });
});
