// An incremental Server-Sent Events parser (the WHATWG event stream format): bytes in, events out.
// Lines end in CRLF, LF or CR (a CRLF split across chunks counts once); a leading BOM is dropped;
// `:` lines are comments; `data` lines join with \n; `id` with a NUL is ignored; `retry` takes
// digits only. An event is dispatched at a blank line when any field was set, so an `id`-only
// priming event reaches the caller too. An event past the size limit is not held: its head and
// tail are kept and it is reported as oversize.

export interface SseEvent {
  readonly data: string;
  /** A data field was present (an event with `data:` and nothing after it has data ''). */
  readonly hasData: boolean;
  readonly event: string | undefined;
  readonly id: string | undefined;
  readonly retry: number | undefined;
}

export interface SseOversize {
  readonly bytes: number;
  readonly head: Buffer;
  readonly tail: Buffer;
}

export interface SseSink {
  event(e: SseEvent): void;
  oversize(o: SseOversize): void;
}

const CR = 0x0d;
const LF = 0x0a;
const KEEP = 4096;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
export const DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024;

export class SseParser {
  private line: Buffer[] = [];
  private lineBytes = 0;
  private lineHead: Buffer | null = null;
  private lineTail: Buffer = Buffer.alloc(0);
  private skipLf = false;
  private started = false;
  private head: Buffer = Buffer.alloc(0);
  private data: string[] = [];
  private hasData = false;
  private eventBytes = 0;
  private type: string | undefined;
  private id: string | undefined;
  private retry: number | undefined;
  private any = false;
  private over: { head: Buffer; tail: Buffer } | null = null;

  constructor(private readonly sink: SseSink, private readonly maxEventBytes = DEFAULT_MAX_EVENT_BYTES) {}

  push(input: Buffer): void {
    let chunk = input;
    let i = 0;
    if (!this.started) {
      // A BOM may come split across chunks: hold its first bytes until it is clear.
      chunk = this.head.length > 0 ? Buffer.concat([this.head, input]) : input;
      const n = Math.min(chunk.length, 3);
      if (chunk.subarray(0, n).equals(BOM.subarray(0, n)) && n < 3) {
        this.head = Buffer.from(chunk);
        return;
      }
      this.started = true;
      this.head = Buffer.alloc(0);
      if (n === 3 && chunk.subarray(0, 3).equals(BOM)) i = 3;
    }
    if (this.skipLf && i < chunk.length) {
      if (chunk[i] === LF) i++;
      this.skipLf = false;
    }
    while (i < chunk.length) {
      let end = i;
      while (end < chunk.length && chunk[end] !== LF && chunk[end] !== CR) end++;
      this.append(chunk.subarray(i, end));
      if (end === chunk.length) return;
      if (chunk[end] === CR) {
        if (end + 1 < chunk.length) {
          if (chunk[end + 1] === LF) end++;
        } else this.skipLf = true;
      }
      this.completeLine();
      i = end + 1;
    }
  }

  /** The stream ended: an event without its closing blank line is dropped, as the format says. */
  end(): void {
    if (!this.started && this.head.length > 0) {
      this.started = true;
      const held = this.head;
      this.head = Buffer.alloc(0);
      this.push(held);
    }
    this.line = [];
    this.lineBytes = 0;
    this.lineHead = null;
    this.reset();
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.lineBytes += part.length;
    if (this.lineHead !== null) {
      this.lineTail = Buffer.concat([this.lineTail, part]).subarray(-KEEP);
      return;
    }
    this.line.push(Buffer.from(part));
    if (this.eventBytes + this.lineBytes > this.maxEventBytes) {
      const all = Buffer.concat(this.line);
      this.lineHead = all.subarray(0, KEEP);
      this.lineTail = all.subarray(-KEEP);
      this.line = [];
    }
  }

  private completeLine(): void {
    const bytes = this.lineBytes;
    if (this.lineHead !== null) {
      this.over ??= { head: this.lineHead, tail: this.lineTail };
      this.over.tail = this.lineTail;
      this.eventBytes += bytes;
      this.any = true;
      this.lineHead = null;
      this.lineTail = Buffer.alloc(0);
    } else {
      const text = this.line.length === 1 ? this.line[0]!.toString('utf8') : Buffer.concat(this.line).toString('utf8');
      this.line = [];
      if (bytes === 0) {
        this.dispatch();
      } else this.field(text, bytes);
    }
    this.lineBytes = 0;
  }

  private field(text: string, bytes: number): void {
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const name = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (name) {
      case 'data':
        this.any = true;
        this.hasData = true;
        this.eventBytes += bytes;
        if (this.over === null) this.data.push(value);
        break;
      case 'event':
        this.any = true;
        this.type = value;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.any = true;
          this.id = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) {
          this.any = true;
          this.retry = Number(value);
        }
        break;
      default:
        break;
    }
  }

  private dispatch(): void {
    if (this.over !== null) this.sink.oversize({ bytes: this.eventBytes, head: this.over.head, tail: this.over.tail });
    else if (this.any) this.sink.event({ data: this.data.join('\n'), hasData: this.hasData, event: this.type, id: this.id, retry: this.retry });
    this.reset();
  }

  private reset(): void {
    this.data = [];
    this.hasData = false;
    this.eventBytes = 0;
    this.type = undefined;
    this.id = undefined;
    this.retry = undefined;
    this.any = false;
    this.over = null;
  }
}
