/** Entry of src/time: the one clock, and the waiting that is not Graph's to decide. */
export * from './clock';
export * from './backoff';
export * from './transient-retry';
