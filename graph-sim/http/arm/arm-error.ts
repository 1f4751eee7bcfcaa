import type { SimResponse } from '../sim-response';

/**
 * Resource Manager's error contract: `{ "error": { "code", "message" } }` (the specifications'
 * CloudError / ErrorResponse), with its request id headers. 401s carry a WWW-Authenticate challenge.
 */
export function armError(status: number, code: string, message: string, requestId: string): SimResponse {
  const headers: Record<string, string> = { 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': requestId };
  if (status === 401) headers['WWW-Authenticate'] = `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${code}"`;
  return { status, headers, body: { error: { code, message } } };
}
