// One POST from the client and the response it gets. The session's answers and the upstream's
// replies are collected; when the last of them is in and nothing went to the upstream as an event
// stream, the client gets one JSON body (byte for byte the upstream's when it is the only thing);
// once the upstream answers with an event stream or a call is held for approval, the client gets an
// event stream that stays open until the last answer. A POST of notifications and responses only
// is answered 202 with no body.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { classify, errorObject, idKey, INTERNAL_ERROR, type JsonRpcId } from '../json-rpc.js';
import { SseStream } from './sse-writer.js';
import type { EventInfo, ForwardTarget } from './route.js';

export interface ExchangeOptions {
  readonly res: ServerResponse;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly keepAliveMs: number;
  /** Starts one upstream POST of `data` for this exchange; resolves when its reply is fully handled. */
  readonly send: (x: Exchange, data: Buffer | string) => Promise<void>;
}

export interface UpstreamFailure {
  /** null: the upstream could not be reached (the client gets 502). */
  readonly status: number | null;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
  readonly message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request ids in JSON text (a message or a batch); empty when it is not JSON. */
export function requestIds(data: Buffer | string): JsonRpcId[] {
  let v: unknown;
  try {
    v = JSON.parse(data.toString());
  } catch {
    return [];
  }
  const out: JsonRpcId[] = [];
  for (const m of Array.isArray(v) ? v : [v]) {
    const c = classify(m);
    if (c.kind === 'request') out.push(c.id);
  }
  return out;
}

function responseIds(data: Buffer | string): Set<string> {
  let v: unknown;
  try {
    v = JSON.parse(data.toString());
  } catch {
    return new Set();
  }
  const out = new Set<string>();
  for (const m of Array.isArray(v) ? v : [v]) {
    const c = classify(m);
    if (c.kind === 'response') out.add(idKey(c.id));
    else if (c.kind === 'request' && c.method === 'tools/call') out.add(idKey(c.id));
  }
  return out;
}

export class Exchange implements ForwardTarget {
  readonly controller = new AbortController();
  private open = 1;
  private readonly chunks: (Buffer | string)[] = [];
  private stream: SseStream | null = null;
  private headers: Record<string, string | string[]> = {};
  private status: number | null = null;
  private failure: UpstreamFailure | null = null;
  private finished = false;
  /** Held calls whose answer was given and whose forward or error is still to come, by id key. */
  private readonly settling = new Set<string>();
  private readonly closers = new Set<() => void>();

  constructor(private readonly o: ExchangeOptions) {
    o.res.once('close', () => {
      if (!o.res.writableEnded) this.controller.abort();
      for (const c of this.closers) c();
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get requestHeaders(): IncomingHttpHeaders {
    return this.o.requestHeaders;
  }

  get body(): Buffer {
    return this.o.body;
  }

  get streaming(): boolean {
    return this.stream !== null;
  }

  /** Runs when the client's response closes, however it closes. */
  onClose(fn: () => void): void {
    this.closers.add(fn);
  }

  forward(data: Buffer | string): void {
    this.open++;
    this.settled(data);
    this.o.send(this, data).finally(() => this.release()).catch(() => undefined);
  }

  deliver(data: Buffer | string, at: EventInfo): void {
    if (this.finished) return;
    if (this.stream) this.stream.event(data.toString().replace(/\n$/, ''), at);
    else this.chunks.push(data);
    this.settled(data);
  }

  /** An event that carries no message (an id-only priming event): passed on when streaming. */
  passEvent(at: EventInfo & { readonly retry?: number | undefined }): void {
    this.stream?.event(null, at);
  }

  comment(text: string): void {
    this.stream?.comment(text);
  }

  /** The upstream's answer head: its headers go to the client with whatever this exchange answers. */
  upstreamAnswered(status: number, headers: Record<string, string | string[]>): void {
    if (this.stream || this.finished) return;
    this.headers = { ...headers, ...this.headers };
    if (status === 202 || status === 204) this.status ??= status;
  }

  /** Switches the answer to an event stream (the upstream streams, or a call is held). */
  toStream(): void {
    if (this.stream || this.finished) return;
    this.stream = new SseStream(this.o.res, 200, this.headers, this.o.keepAliveMs);
    for (const c of this.chunks.splice(0)) this.stream.event(c.toString().replace(/\n$/, ''));
  }

  /** An upstream POST failed before any reply: passed through when it is all there is, else answered per request. */
  upstreamFailed(f: UpstreamFailure, forwarded: Buffer | string): void {
    if (!this.stream && this.chunks.length === 0 && this.open <= 2 && this.failure === null) {
      this.failure = f;
      return;
    }
    const code = INTERNAL_ERROR;
    for (const id of requestIds(forwarded)) this.deliver(`${JSON.stringify(errorObject(id, code, `Warden: ${f.message}`))}\n`, {});
  }

  /** A call of this exchange is held: the answer becomes a stream, open until the call is settled. */
  held(): void {
    this.open++;
    this.toStream();
  }

  /** The held call was answered; the exchange stays open for the forward or error the session writes next. */
  heldAnswered(id: JsonRpcId, expectsSend: boolean): void {
    if (expectsSend) this.settling.add(idKey(id));
    else this.release();
  }

  /** The session finished judging the POST. */
  judged(): void {
    this.release();
  }

  private settled(data: Buffer | string): void {
    if (this.settling.size === 0) return;
    for (const k of responseIds(data)) {
      if (this.settling.delete(k)) this.release();
    }
  }

  private release(): void {
    this.open--;
    if (this.open > 0 || this.finished) return;
    this.finished = true;
    const res = this.o.res;
    if (this.stream) {
      this.stream.end();
      return;
    }
    if (res.destroyed) return;
    if (this.chunks.length > 0) {
      const body = this.chunks.length === 1 ? this.chunks[0]! : JSON.stringify(this.merged());
      res.writeHead(200, { ...this.headers, 'content-type': 'application/json' }).end(body);
    } else if (this.failure) {
      const f = this.failure;
      res.writeHead(f.status ?? 502, f.status === null ? { 'content-type': 'application/json' } : f.headers).end(f.body);
    } else {
      res.writeHead(this.status ?? 202, this.headers).end();
    }
  }

  private merged(): unknown {
    const out: unknown[] = [];
    for (const c of this.chunks) {
      try {
        const v = JSON.parse(c.toString()) as unknown;
        if (Array.isArray(v)) out.push(...(v as unknown[]));
        else out.push(v);
      } catch {
        // The session only writes JSON it parsed or built; nothing else reaches here.
      }
    }
    return out;
  }
}

export const isJsonObject = isRecord;
