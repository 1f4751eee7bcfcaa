import { ClosureView, RemovalFailure } from '../../core';
import { Locale } from '../../i18n/locale';
import { listItem, t } from '../texts';
import { reason } from '../removal-reason.presenter';
import { Paragraph, StepPresenter } from '../step.presenter';

type Removal = 'deletedUsers' | 'applications' | 'servicePrincipals';
type LastRemoval = { what: Removal; removed: number; failed: number; failures?: RemovalFailure[] };
type DirectoryFacts = { blockers?: { applicationNames?: string[]; servicePrincipalNames?: string[]; applications?: number; ownedServicePrincipals?: number }; lastRemoval?: LastRemoval };

/**
 * What Step 5's removal buttons delete (by name, before the click), and what the last removal did:
 * every failure says what failed, why in words (with Graph's own message), and what to do next.
 */
function directoryNotes(locale: Locale, view: ClosureView): Paragraph[] {
  const facts = view.card.facts as DirectoryFacts;
  const verbs = view.actions.map((a) => a.verb);
  const notes: Paragraph[] = [];
  const last = facts.lastRemoval;
  if (last && view.card.phase !== 'removing') notes.push(...outcome(locale, last));
  const b = facts.blockers;
  if (b && verbs.includes('closure.deleteApplications')) notes.push({ kind: 'default', text: t(locale, 'closure.removal.willDelete.applications', { names: names(locale, b.applicationNames, b.applications) }) });
  if (b && verbs.includes('closure.deleteServicePrincipals'))
    notes.push({ kind: 'default', text: t(locale, 'closure.removal.willDelete.servicePrincipals', { names: names(locale, b.servicePrincipalNames, b.ownedServicePrincipals) }) });
  return notes;
}

function names(locale: Locale, list: string[] | undefined, total: number | undefined): string {
  const shown = (list ?? []).map((n) => `"${n}"`).join(', ');
  const more = (total ?? 0) - (list?.length ?? 0);
  if (!shown) return t(locale, 'closure.removal.unnamed', { count: total ?? 0 });
  return more > 0 ? `${shown} ${t(locale, 'closure.removal.andMore', { count: more })}` : shown;
}

function outcome(locale: Locale, last: LastRemoval): Paragraph[] {
  const total = last.removed + last.failed;
  if (last.failed === 0) return [{ kind: 'good', text: t(locale, `closure.removal.done.${last.what}`, { removed: last.removed }) }];
  const lines = [
    t(locale, `closure.removal.failed.${last.what}`, { failed: last.failed, total }),
    ...(last.failures ?? []).map((f) => `• ${listItem(locale, f.name, reason(locale, f))}`),
    t(locale, `closure.removal.next.${last.what}`),
  ];
  return [{ kind: 'attention', text: lines.join('\n\n') }];
}

/** Step 5: what still blocks the deletion of the directory, the manual checks, and what its removals did. */
export const directoryPresenter: StepPresenter = {
  card: 'directory',
  facts: ['remainingUsers', 'softDeletedUsers', 'subscriptionsNotDeprovisioned', 'applications', 'ownedServicePrincipals', 'syncEnabled', 'checkedAt'],
  read: { command: 'readBlockers', keys: ['remainingUsers', 'softDeletedUsers', 'subscriptionsNotDeprovisioned', 'applications', 'ownedServicePrincipals', 'syncEnabled', 'checkedAt'] },
  notes: directoryNotes,
  factsOf: (view) => {
    const evidence = view.card.facts as Record<string, unknown>;
    const source = { ...(evidence.blockers as object | undefined), checkedAt: evidence.checkedAt };
    // The checks are listed one by one (entra-check-lines.presenter.ts); the counts show here only as unknown, after a failed read.
    return { source, keys: view.card.entraChecks.length > 0 ? ['checkedAt'] : directoryPresenter.facts };
  },
};
