import { accept, addEvidence, patchStep, StepModule } from '../../core/step.module';

/**
 * Step 0, before you begin: read the inventory, export the backup, and wait for the admin to
 * acknowledge it. Nothing destructive can start before that acknowledgement.
 */
export const prepareStep: StepModule = {
  id: 'prepare',
  links: [],

  enter(state, now) {
    const next = patchStep(state, 'prepare', { status: 'running', phase: 'inventory', startedAt: now });
    return accept(next, [{ type: 'readInventory' }]);
  },

  verbs(state) {
    return state.steps.prepare.phase === 'acknowledge' ? ['closure.acknowledgeBackup'] : [];
  },

  act(state, _act, now) {
    // The only verb offered here is the acknowledgement.
    return accept(addEvidence(state, 'prepare', { acknowledgedAt: now }), [], true);
  },

  onResult(state, event) {
    const phase = state.steps.prepare.phase;
    if (event.type === 'inventoryRead' && phase === 'inventory') {
      const exportId = `${state.closureId}.backup`;
      let next = addEvidence(state, 'prepare', { users: event.users, subscriptions: event.subscriptions, applications: event.applications });
      next = patchStep(next, 'prepare', { phase: 'exporting' });
      return accept(next, [{ type: 'exportBackup', exportId }]);
    }
    if (event.type === 'backupExported' && phase === 'exporting') {
      const next = addEvidence(state, 'prepare', { backupRows: event.rows, backupExportId: event.exportId });
      return accept(patchStep(next, 'prepare', { status: 'active', phase: 'acknowledge' }));
    }
    return undefined;
  },

  awaiting(state) {
    const phase = state.steps.prepare.phase;
    if (phase === 'inventory') return { type: 'readInventory' };
    if (phase === 'exporting') return { type: 'exportBackup', exportId: `${state.closureId}.backup` };
    return undefined;
  },

  onRecheck() {
    return undefined;
  },
};
