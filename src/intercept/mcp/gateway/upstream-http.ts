// One HTTP request to the upstream MCP server (http or https), with keep-alive connections and no
// timeout of any kind: a live event stream may stay quiet for hours. Aborting the signal (the
// client went away) ends the request.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

export interface UpstreamRequest {
  readonly url: URL;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly headers: OutgoingHttpHeaders;
  readonly body?: Buffer | string;
  readonly signal?: AbortSignal;
}

export function upstreamRequest(r: UpstreamRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const https = r.url.protocol === 'https:';
    const headers: OutgoingHttpHeaders = { ...r.headers, host: r.url.host };
    if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
    const req = (https ? httpsRequest : httpRequest)(r.url, { method: r.method, headers, agent: https ? httpsAgent : httpAgent, signal: r.signal });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(r.body);
  });
}

/** A short description of why the upstream could not be reached, without the URL's credentials. */
export function unreachable(url: URL, error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const text = error instanceof Error ? error.message : String(error);
  return `the upstream MCP server at ${url.origin}${url.pathname} cannot be reached${code ? ` (${code})` : ''}: ${text.replaceAll(url.href, url.origin)}`;
}
