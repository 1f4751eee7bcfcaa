/** Entry of src/closure: the application's service, its replies (what the hosting layer shows) and the turn it reads. */
export * from './replies';
export * from './turn';
export { authorizeGlobalAdmin } from './authorize';
export type { Authorization } from './authorize';
export { closureCardReply } from './closure-card';
export type { ClosureCardSources } from './closure-card';
export { ClosureCensus } from './closure-census';
export { ClosureNotifications } from './closure-notifications';
export { ClosureService } from './closure-service';
export type { ClosureServiceDeps } from './closure-service';
export { stepHeading, stepNumberLabel } from './step-heading';
