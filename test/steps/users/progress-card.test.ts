import { closureCard } from '../../../src/cards';
import { CLOUD_PROFILES } from '../../../src/config';
import { ClosureState } from '../../../src/core';
import { viewOf } from '../../../src/steps';
import { started } from '../../support/closure-fixtures';

function deleting(job: Partial<NonNullable<ClosureState['job']>>): ClosureState {
  const state = started();
  return {
    ...state,
    currentStep: 'users',
    steps: { ...state.steps, users: { ...state.steps.users, status: 'running', phase: 'deleting' } },
    job: { jobId: 'j1', status: 'running', total: 1000, done: 400, failed: 2, updatedAt: '2025-03-01T10:01:40.000Z', runningSince: '2025-03-01T10:00:00.000Z', doneAtRunningSince: 0, ...job },
  };
}

const text = (card: unknown) => JSON.stringify(card);

describe('the deletion progress card', () => {
  it('derives the rate since the job (re)started and the time left', () => {
    const progress = viewOf(deleting({})).card.progress!;
    expect(progress.ratePerSecond).toBe(4);
    expect(progress.etaSeconds).toBe(149.5);
    const resumed = viewOf(deleting({ doneAtRunningSince: 300 })).card.progress!;
    expect(resumed.ratePerSecond).toBe(1);
  });

  it.each([
    ['en', /400 of 1,000 deleted · 2 failed · 40 % · 4 per second · about 2 minutes left/],
    ['it', /400 di 1\.?000 eliminati · 2 non riusciti · 40 % · 4 al secondo · tempo rimanente: circa 2 minuti/],
    ['fr', /400 sur 1\s000 supprimés · 2 en échec · 40 % · 4 par seconde · temps restant\s: environ 2 minutes/],
  ] as const)('shows done/total, rate and time left in %s', (locale, caption) => {
    expect(text(closureCard(locale, viewOf(deleting({})), { links: CLOUD_PROFILES.public.links }))).toMatch(caption);
  });

  it('shows no rate for a paused job', () => {
    const view = viewOf(deleting({ status: 'paused' }));
    expect(view.card.progress?.ratePerSecond).toBeUndefined();
    expect(text(closureCard('en', view, { links: CLOUD_PROFILES.public.links }))).not.toMatch(/per second/);
  });
});
