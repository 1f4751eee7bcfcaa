/** Entry of src/audit: the audit log's hash chain and its check. */
export * from './audit-chain';
