import { StepId } from '../closure.steps';
import { directoryStep } from './directory.step';
import { mfaStep } from './mfa.step';
import { prepareStep } from './prepare.step';
import { StepModule } from './step.module';
import { cancelSubscriptionsStep, deleteSubscriptionsStep } from './subscriptions.step';
import { usersStep } from './users.step';

/** The handler for each step id; the order lives in closure.steps.ts, not here. */
export const STEP_MODULES: Record<StepId, StepModule> = {
  prepare: prepareStep,
  users: usersStep,
  cancelSubscriptions: cancelSubscriptionsStep,
  deleteSubscriptions: deleteSubscriptionsStep,
  mfa: mfaStep,
  directory: directoryStep,
};
