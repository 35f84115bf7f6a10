// Server-sent events (the WHATWG event-stream format) read from a byte stream: `event`, `data`
// (several lines joined by \n), comments ignored, an event dispatched at each blank line. The
// server is trusted only so far: an event larger than the limit ends the stream with an error.
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private size = 0;
  private id: string | undefined;
  /** A \r at the end of the last chunk: a \n starting the next one belongs to it. */
  private pendingCr = false;

  constructor(private readonly maxEventChars = 1_048_576) {}

  /** The events completed by this chunk of text. Throws when an event outgrows the limit. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const out: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const m = /\r\n|\r|\n/g;
      m.lastIndex = start;
      const found = m.exec(this.buffer);
      if (!found) break;
      // A lone \r at the very end may be the first half of \r\n.
      if (found[0] === '\r' && found.index === this.buffer.length - 1) {
        this.line(this.buffer.slice(start, found.index), out);
        start = this.buffer.length;
        this.pendingCr = true;
        break;
      }
      this.line(this.buffer.slice(start, found.index), out);
      start = found.index + found[0].length;
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length + this.size > this.maxEventChars) throw new Error(`an event over ${this.maxEventChars} characters`);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined ? { id: this.id } : {}) });
      this.event = '';
      this.data = [];
      this.size = 0;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.size += value.length;
    if (this.size > this.maxEventChars) throw new Error(`an event over ${this.maxEventChars} characters`);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}

/** The events of a response body, until it ends (cancelled when the consumer stops early). */
export async function* readSse(body: ReadableStream<Uint8Array>, maxEventChars?: number): AsyncGenerator<SseEvent> {
  const parser = new SseParser(maxEventChars);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
