/** A person of the tenant the closure names: its owner, delegate, or an approver. */
export interface Person {
  aadObjectId: string;
  name: string;
}
