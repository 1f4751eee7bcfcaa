import { ClosureView, RemovalFailure, SampleUser } from '../../core';
import { Locale } from '../../i18n/locale';
import { listItem, t } from '../texts';
import { reason } from '../removal-reason.presenter';
import { Paragraph, StepPresenter } from '../step.presenter';

/** "Anna Verdi · admin role · guest": what the admin must notice before approving the deletion. */
function sampleLine(locale: Locale, user: SampleUser): string {
  if (typeof user === 'string') return user;
  return [user.name, user.admin ? t(locale, 'closure.list.adminRole') : undefined, user.guest ? t(locale, 'closure.list.guest') : undefined].filter(Boolean).join(' · ');
}

/** Accounts the last deletion job could not delete, by name and Graph's reason, while the step asks again. */
function userDeletionNotes(locale: Locale, view: ClosureView): Paragraph[] {
  const failures = (view.card.facts as { deletionFailures?: RemovalFailure[] }).deletionFailures ?? [];
  if (failures.length === 0 || !['approve', 'verifying', 'previewing'].includes(view.card.phase)) return [];
  const failed = view.card.progress?.failed ?? failures.length;
  const lines = [t(locale, 'closure.removal.failed.users', { failed }), ...failures.map((f) => `• ${listItem(locale, f.name, reason(locale, f))}`), t(locale, 'closure.removal.next.users')];
  return [{ kind: 'attention', text: lines.join('\n\n') }];
}

/** Step 1: who will be deleted (a sample, with admins and guests marked), the job's progress, what it could not delete. */
export const usersPresenter: StepPresenter = {
  card: 'users',
  facts: ['toDelete', 'appeared', 'kept', 'recycleBin', 'syncedUsers', 'remaining', 'restored'],
  read: { command: 'verifyUsers', keys: ['remaining'] },
  list: (locale, view) => {
    const evidence = view.card.facts as Record<string, unknown>;
    return view.card.phase === 'approve' ? { title: t(locale, 'closure.list.sample'), items: ((evidence.sample as SampleUser[] | undefined) ?? []).map((u) => sampleLine(locale, u)) } : { title: '', items: [] };
  },
  notes: userDeletionNotes,
};
