// A GET event stream open to the client: server-initiated requests and notifications (and, on a
// resumed stream, the replies the upstream replays) are written here as the session passes them.
import type { ServerResponse } from 'node:http';
import type { EventInfo, MessageTarget } from './route.js';
import { SseStream } from './sse-writer.js';

export class GetStream implements MessageTarget {
  private readonly stream: SseStream;
  private readonly closers = new Set<() => void>();

  constructor(res: ServerResponse, headers: Record<string, string | string[]>, keepAliveMs: number) {
    this.stream = new SseStream(res, 200, headers, keepAliveMs);
    res.once('close', () => {
      for (const c of this.closers) c();
    });
  }

  get open(): boolean {
    return this.stream.open;
  }

  onClose(fn: () => void): void {
    this.closers.add(fn);
  }

  deliver(data: Buffer | string, at: EventInfo): void {
    this.stream.event(data.toString().replace(/\n$/, ''), at);
  }

  passEvent(at: EventInfo & { readonly retry?: number | undefined }): void {
    this.stream.event(null, at);
  }

  end(): void {
    this.stream.end();
  }
}
