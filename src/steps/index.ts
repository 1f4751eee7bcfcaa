import { closureMachine } from '../core/closure.machine';
import { StepId } from '../core/closure.steps';
import { directoryStep } from './directory/directory.step';
import { mfaStep } from './mfa/mfa.step';
import { prepareStep } from './prepare/prepare.step';
import { StepModule } from '../core/step.module';
import { cancelSubscriptionsStep, deleteSubscriptionsStep } from './subscriptions/subscriptions.step';
import { usersStep } from './users/users.step';

/** The handler for each step id; the order lives in closure.steps.ts, not here. */
export const STEP_MODULES: Record<StepId, StepModule> = {
  prepare: prepareStep,
  users: usersStep,
  cancelSubscriptions: cancelSubscriptionsStep,
  deleteSubscriptions: deleteSubscriptionsStep,
  mfa: mfaStep,
  directory: directoryStep,
};

/**
 * The closure machine over these steps: what the runner and the application call. The core receives
 * the registry here instead of importing it, so it never names a step.
 */
export const { decide, viewOf, availableVerbs } = closureMachine(STEP_MODULES);
