/** The parts of an `@azure/storage-blob` RestError we branch on. */
export function blobErrorStatus(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** Azure's error code, e.g. `BlobAlreadyExists`, `ConditionNotMet`, `LeaseAlreadyPresent`. */
export function blobErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; details?: { errorCode?: string } } | undefined;
  return e?.details?.errorCode ?? e?.code;
}

/** A conditional write that lost: 412 ConditionNotMet (ifMatch) or 409 BlobAlreadyExists (ifNoneMatch '*'). */
export function isWriteConflict(error: unknown): boolean {
  const status = blobErrorStatus(error);
  return status === 412 || (status === 409 && blobErrorCode(error) === 'BlobAlreadyExists');
}
