// The control plane's host routes as this host calls them (docs/api.md "Host routes"): every
// request with a deadline, every answer checked before it is believed.
import { WardenError } from '../../core/errors.js';

export class HostApiError extends WardenError {
  constructor(
    message: string,
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super('HOST_API', message, options);
    this.name = 'HostApiError';
  }
}

const TIMEOUT_MS = 15_000;

export interface HostApi {
  readonly url: string;
  request(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Requests that may be sent twice: everything but enrollment (its token works once). */
const retriable = (path: string): boolean => path !== '/enroll';

export function hostApi(url: string, token?: string, timeoutMs = TIMEOUT_MS): HostApi {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    async request(method, path, body, headers = {}) {
      const h: Record<string, string> = { accept: 'application/json', ...headers };
      if (token) h.authorization = `Bearer ${token}`;
      if (body !== undefined) h['content-type'] = 'application/json';
      const send = () => fetch(`${base}/api/v1${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
      try {
        try {
          return await send();
        } catch (error) {
          // A kept-alive connection the server closed while idle fails the next request at once:
          // one more try on a fresh connection. Uploads are idempotent, so a resend is harmless.
          if (!retriable(path) || (error instanceof Error && error.name === 'TimeoutError')) throw error;
          return await send();
        }
      } catch (error) {
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new HostApiError(`cannot reach the control plane at ${base}: ${reason}`, 0, { cause: error });
      }
    },
  };
}

/** The `{error: {message}}` the server sends, or the status line. */
export async function failure(res: Response, what: string): Promise<HostApiError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message.slice(0, 500);
  } catch {
    // Not JSON: the status says enough.
  }
  return new HostApiError(`${what}: ${message}`, res.status);
}
