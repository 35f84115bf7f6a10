// Server-Sent Events as the gateway writes them to the client: data split into one `data:` line per
// line of text (so text holding line breaks cannot end the event early or add fields), and `id` and
// `event` values that cannot hold a line break.
import type { ServerResponse } from 'node:http';

export interface SseFields {
  readonly id?: string | undefined;
  readonly event?: string | undefined;
  readonly retry?: number | undefined;
}

const oneLine = (text: string): string => text.replace(/[\r\n\0]/g, '');

export function sseEvent(data: string | null, f: SseFields = {}): string {
  let out = '';
  if (f.event !== undefined && f.event !== '' && f.event !== 'message') out += `event: ${oneLine(f.event)}\n`;
  if (f.id !== undefined) out += `id: ${oneLine(f.id)}\n`;
  if (f.retry !== undefined && Number.isSafeInteger(f.retry) && f.retry >= 0) out += `retry: ${f.retry}\n`;
  if (data !== null) for (const l of data.split(/\r\n|\r|\n/)) out += `data: ${l}\n`;
  return `${out}\n`;
}

export const sseComment = (text: string): string => `: ${oneLine(text)}\n\n`;

export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' } as const;

/** An open event stream to the client, with a comment every `keepAliveMs` so no intermediary takes it for idle. */
export class SseStream {
  private readonly timer: NodeJS.Timeout | null;
  private ended = false;

  constructor(private readonly res: ServerResponse, status: number, headers: Record<string, string | string[]>, keepAliveMs: number) {
    res.writeHead(status, { ...headers, ...SSE_HEADERS });
    res.flushHeaders();
    this.timer = keepAliveMs > 0 ? setInterval(() => this.write(sseComment('keep-alive')), keepAliveMs) : null;
    this.timer?.unref();
    res.once('close', () => this.stop());
  }

  get open(): boolean {
    return !this.ended && !this.res.destroyed;
  }

  event(data: string | null, f: SseFields = {}): void {
    this.write(sseEvent(data, f));
  }

  comment(text: string): void {
    this.write(sseComment(text));
  }

  end(): void {
    if (this.ended) return;
    this.stop();
    this.res.end();
  }

  private write(text: string): void {
    if (!this.open) return;
    this.res.write(text);
  }

  private stop(): void {
    this.ended = true;
    if (this.timer) clearInterval(this.timer);
  }
}
