// Wire errors of the API: an HTTP status, a stable code and a message, sent as
// {error: {code, message, details?}}. Local errors (the store's) are mapped here, in one place.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { FleetError } from '../store/fleet/errors.js';

export type ApiErrorCode =
  | 'invalid_request' | 'invalid_policy' | 'unauthorized' | 'forbidden' | 'csrf' | 'not_found'
  | 'conflict' | 'too_large' | 'rate_limited' | 'internal';

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const unauthorized = (message = 'sign in first'): ApiError => new ApiError(401, 'unauthorized', message);
export const forbidden = (message = 'your role may not do this'): ApiError => new ApiError(403, 'forbidden', message);
export const notFoundError = (what: string): ApiError => new ApiError(404, 'not_found', `no such ${what}`);

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof FleetError) {
    if (error.code === 'NOT_FOUND') return new ApiError(404, 'not_found', error.message);
    if (error.code === 'CONFLICT') return new ApiError(409, 'conflict', error.message);
    return new ApiError(400, 'invalid_request', error.message);
  }
  return null;
}

export function errorResponse(c: Context, e: ApiError): Response {
  for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
  return c.json({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } }, e.status);
}
