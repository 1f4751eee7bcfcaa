import { StepPresenter } from '../step.presenter';

/** Before you begin: what the tenant holds, and the backup export the admin acknowledges. */
export const preparePresenter: StepPresenter = {
  card: 'prepare',
  facts: ['users', 'subscriptions', 'applications', 'backupRows', 'acknowledgedAt'],
  read: { command: 'readInventory', keys: ['users', 'subscriptions', 'applications'] },
};
