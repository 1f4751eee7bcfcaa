import { graphDate } from '../support/ids';
import { SimResponse } from './sim-response';

/**
 * An expected Graph failure. Routes throw it; the dispatcher turns it into Graph's error shape
 * `{ error: { code, message, innerError: { date, request-id, client-request-id } } }` (graph-api.md §9).
 */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly innerCode?: string,
  ) {
    super(message);
  }
}

export function errorResponse(error: GraphHttpError, requestId: string, clientRequestId: string | undefined, nowMs: number): SimResponse {
  const innerError: Record<string, string> = { date: graphDate(nowMs), 'request-id': requestId };
  if (clientRequestId) innerError['client-request-id'] = clientRequestId;
  if (error.innerCode) innerError.code = error.innerCode;
  return {
    status: error.status,
    headers: { 'Content-Type': 'application/json', ...error.headers },
    body: { error: { code: error.code, message: error.message, innerError } },
  };
}

/** graph-api.md §9: "Resource '{id}' does not exist or one of its queried reference-property objects are not present." */
export function notFound(id: string): GraphHttpError {
  return new GraphHttpError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

export function badRequest(message: string, code = 'Request_BadRequest'): GraphHttpError {
  return new GraphHttpError(400, code, message);
}

/** graph-api.md §9: 403 Authorization_RequestDenied. */
export function denied(message = 'Insufficient privileges to complete the operation.'): GraphHttpError {
  return new GraphHttpError(403, 'Authorization_RequestDenied', message);
}

/** Graph's answer for a path segment it does not know, e.g. a beta-only segment on v1.0. */
export function unknownSegment(segment: string): GraphHttpError {
  return new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}
