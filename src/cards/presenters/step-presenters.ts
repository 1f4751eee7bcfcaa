import { StepId } from '../../core';
import { directoryPresenter } from '../../steps/directory/directory.presenter';
import { mfaPresenter } from '../../steps/mfa/mfa.presenter';
import { preparePresenter } from '../../steps/prepare/prepare.presenter';
import { subscriptionsPresenter } from '../../steps/subscriptions/subscriptions.presenter';
import { usersPresenter } from '../../steps/users/users.presenter';
import { StepPresenter } from '../../steps/step.presenter';

/** What each step shows on the shared step card: its presenter, from src/steps/<step>/. Steps 2 and 3 share one. */
export const STEP_PRESENTERS: Record<StepId, StepPresenter> = {
  prepare: preparePresenter,
  users: usersPresenter,
  cancelSubscriptions: subscriptionsPresenter,
  deleteSubscriptions: subscriptionsPresenter,
  mfa: mfaPresenter,
  directory: directoryPresenter,
};
