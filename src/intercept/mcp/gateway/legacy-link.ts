// One connection to a legacy HTTP+SSE MCP server (protocol 2024-11-05): GET the SSE URL, wait for
// the `endpoint` event naming where to POST, then read every server message from that one stream.
// The endpoint must be on the upstream's origin, so a server cannot point the gateway elsewhere.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { SseParser, type SseEvent, type SseOversize } from './sse-parser.js';
import { upstreamRequest } from './upstream-http.js';

export interface LegacyLinkHandlers {
  message(e: SseEvent): void;
  oversize(o: SseOversize): void;
  closed(why: string): void;
}

export class LegacyLink {
  private closedWhy: string | null = null;

  private constructor(readonly endpoint: URL, private readonly res: IncomingMessage, private readonly abort: AbortController) {}

  get closed(): boolean {
    return this.closedWhy !== null;
  }

  /**
   * Opens the stream and resolves once the endpoint is known. Rejects with the upstream's status
   * (a number) when it refuses, or an Error when it cannot be reached or names no usable endpoint.
   */
  static open(url: URL, headers: OutgoingHttpHeaders, maxEventBytes: number, handlers: LegacyLinkHandlers, waitMs = 30_000): Promise<LegacyLink> {
    return new Promise((resolve, reject) => {
      const abort = new AbortController();
      let link: LegacyLink | null = null;
      const timer = setTimeout(() => {
        abort.abort();
        reject(new Error(`the legacy SSE server sent no endpoint event within ${waitMs / 1000} s`));
      }, waitMs);
      upstreamRequest({ url, method: 'GET', headers: { ...headers, accept: 'text/event-stream' }, signal: abort.signal }).then((res) => {
        const status = res.statusCode ?? 502;
        if (status !== 200) {
          clearTimeout(timer);
          res.resume();
          reject(new LegacyRefusal(status));
          return;
        }
        const parser = new SseParser({
          event: (e) => {
            if (link === null) {
              if (e.event !== 'endpoint') return;
              clearTimeout(timer);
              let endpoint: URL;
              try {
                endpoint = new URL(e.data.trim(), url);
              } catch {
                abort.abort();
                reject(new Error(`the legacy SSE server named an endpoint that is not a URL: ${e.data.slice(0, 200)}`));
                return;
              }
              if (endpoint.origin !== url.origin) {
                abort.abort();
                reject(new Error(`the legacy SSE server named an endpoint on another origin (${endpoint.origin}); refused`));
                return;
              }
              link = new LegacyLink(endpoint, res, abort);
              resolve(link);
              return;
            }
            if (e.event === undefined || e.event === 'message') handlers.message(e);
          },
          oversize: (o) => {
            if (link !== null) handlers.oversize(o);
          },
        }, maxEventBytes);
        res.on('data', (chunk: Buffer) => parser.push(chunk));
        const end = (why: string): void => {
          parser.end();
          clearTimeout(timer);
          if (link === null) {
            reject(new Error(`the legacy SSE server closed its stream before naming an endpoint`));
            return;
          }
          if (link.closedWhy === null) {
            link.closedWhy = why;
            handlers.closed(why);
          }
        };
        res.once('end', () => end('the upstream ended its event stream'));
        res.once('error', (error) => end(`the upstream event stream failed: ${error.message}`));
        res.once('close', () => end('the upstream event stream closed'));
      }, (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  close(): void {
    if (this.closedWhy === null) this.closedWhy = 'closed by the gateway';
    this.abort.abort();
    this.res.destroy();
  }
}

export class LegacyRefusal extends Error {
  constructor(readonly status: number) {
    super(`the legacy SSE server answered HTTP ${status}`);
  }
}
