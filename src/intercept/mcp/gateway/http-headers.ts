// Which headers cross the gateway. Hop-by-hop headers (and any the Connection header names) stay on
// their hop; lengths and encodings are recomputed because bodies may be rewritten. Everything else,
// Authorization included, goes through unchanged; the gateway never writes headers to any log.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding',
  'upgrade', 'host', 'content-length', 'content-encoding', 'accept-encoding', 'expect', 'http2-settings',
]);

/** The headers the Connection header names (most messages name none), which stay on their hop too. */
function named(headers: IncomingHttpHeaders): Set<string> | null {
  const c: string | string[] | undefined = headers.connection;
  const values: string[] = Array.isArray(c) ? c : c ? [c] : [];
  let out: Set<string> | null = null;
  for (const v of values) {
    for (const name of v.split(',')) {
      const n = name.trim().toLowerCase();
      if (n !== '' && n !== 'keep-alive' && n !== 'close') (out ??= new Set()).add(n);
    }
  }
  return out;
}

const kept = (k: string, extra: Set<string> | null): boolean => !HOP_BY_HOP.has(k) && !(extra?.has(k) ?? false);

/** The client's headers as the upstream gets them. */
export function upstreamRequestHeaders(client: IncomingHttpHeaders, set: Record<string, string | undefined> = {}): OutgoingHttpHeaders {
  const extra = named(client);
  const out: OutgoingHttpHeaders = {};
  for (const k in client) {
    const v = client[k];
    if (v !== undefined && kept(k, extra)) out[k] = v;
  }
  // Bodies are parsed here, so ask for them as they are.
  out['accept-encoding'] = 'identity';
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** The upstream's response headers as the client gets them (content type set by the writer). */
export function clientResponseHeaders(upstream: IncomingHttpHeaders): Record<string, string | string[]> {
  const extra = named(upstream);
  const out: Record<string, string | string[]> = {};
  for (const k in upstream) {
    const v = upstream[k];
    if (v !== undefined && k !== 'content-type' && kept(k, extra)) out[k] = v;
  }
  return out;
}

/** The media type without parameters, lower case: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return (v ?? '').split(';')[0]!.trim().toLowerCase();
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
