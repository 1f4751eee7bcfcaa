/**
 * One preview's users as stored beside the closure (never inside it: a tenant of 100,000 users would
 * not fit the document's size limit). The digest is checked whenever the set is read.
 */
export interface ApprovedSetRef {
  id: string;
  /** SHA-256 (hex) over the set's object ids, lower case, one per line, in listed order. */
  digest: string;
  count: number;
}

/** How long a preview may be approved: an older one is read again and shown before anything is deleted. */
export const APPROVAL_VALID_MS = 24 * 60 * 60_000;

/** What step 1's evidence records of the approval. */
export interface UsersApproval {
  /** The users the current preview listed, stored outside the closure: what an approval of it deletes. */
  approvedSet?: ApprovedSetRef;
  /** Users the last job found that no approval covered (created after it): left in place, shown in a new preview. */
  appeared?: number;
  /** How many previews this closure took: makes approved-set ids unique without randomness. */
  previewsTaken?: number;
}

export interface JobApproval {
  /** The approved users this job deletes, and only them. */
  approvedSet?: ApprovedSetRef;
}
