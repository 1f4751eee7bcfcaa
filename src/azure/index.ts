/** Entry of src/azure: Step 5's Azure subscriptions over Azure Resource Manager, and the ARM API it calls (which the app registration declares). */
export * from './arm-api';
export * from './arm-subscriptions';
