// MCP's stdio framing: JSON-RPC messages separated by newlines (the spec forbids embedded ones).
// Bytes go in as they arrive; complete lines come out with their newline, untouched, so what is
// not judged can be forwarded byte for byte. A line longer than the limit is never held whole:
// past the limit its bytes are counted and dropped, keeping only its first and last bytes (where
// a request id may be found), and the sink hears of it once the line ends. In monitor mode such a
// line can instead be passed on as it streams, unjudged, without ever being held whole.

export interface OversizeLine {
  /** Length of the whole line in bytes, without the newline. */
  readonly bytes: number;
  /** Its first and last bytes, at most `keepBytes` each. */
  readonly head: Buffer;
  readonly tail: Buffer;
}

export interface FramerSink {
  /** One line, ending in exactly one `\n` (added when the stream ended without one). */
  line(raw: Buffer): void;
  /** A line past the limit has ended (after its bytes were dropped, or passed on through `raw`). */
  oversize(line: OversizeLine): void;
  /** With `passOversize`: the bytes of a line past the limit as they come, its newline last. */
  raw?(piece: Buffer): void;
}

/** 64 MiB: tool results of tens of megabytes pass; the limit bounds the memory one line can take. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const KEEP_BYTES = 4 * 1024;
const NEWLINE = 0x0a;
const NL = Buffer.from('\n');

/** Only whitespace; stops at the first other byte, so a real message costs one comparison. */
const blank = (b: Buffer): boolean => {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
};

export class LineFramer {
  private parts: Buffer[] = [];
  private size = 0;
  private dropping: { bytes: number; head: Buffer; tail: Buffer } | null = null;

  constructor(
    private readonly sink: FramerSink,
    readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
    /** Pass a line past the limit on unjudged, piece by piece (monitor mode), instead of dropping it. */
    private readonly passOversize = false,
  ) {
    if (!(maxLineBytes >= 1)) throw new RangeError('maxLineBytes must be at least 1');
  }

  /** Bytes currently held for an unfinished line. */
  get buffered(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) {
        this.append(chunk.subarray(start));
        return;
      }
      if (this.size === 0 && this.dropping === null && nl - start <= this.maxLineBytes) {
        // The whole line is in this chunk: hand it on without copying.
        this.emit(chunk.subarray(start, nl + 1));
      } else {
        this.append(chunk.subarray(start, nl));
        this.finishLine();
      }
      start = nl + 1;
    }
  }

  /** The input ended: a last line without a newline still counts. */
  end(): void {
    if (this.size > 0 || this.dropping) this.finishLine();
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.dropping) {
      this.drop(piece);
      return;
    }
    if (this.size + piece.length <= this.maxLineBytes) {
      this.parts.push(piece);
      this.size += piece.length;
      return;
    }
    const held = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.dropping = { bytes: 0, head: Buffer.alloc(0), tail: Buffer.alloc(0) };
    this.drop(held);
    this.drop(piece);
  }

  private drop(piece: Buffer): void {
    const d = this.dropping!;
    if (this.passOversize) this.sink.raw?.(piece);
    if (d.head.length < KEEP_BYTES) d.head = Buffer.concat([d.head, piece.subarray(0, KEEP_BYTES - d.head.length)]);
    const joined = piece.length >= KEEP_BYTES ? piece : Buffer.concat([d.tail, piece]);
    d.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - KEEP_BYTES)));
    d.bytes += piece.length;
  }

  private finishLine(): void {
    if (this.dropping) {
      const d = this.dropping;
      this.dropping = null;
      if (this.passOversize) this.sink.raw?.(NL);
      this.sink.oversize({ bytes: d.bytes, head: Buffer.from(d.head), tail: d.tail });
      return;
    }
    const line = Buffer.concat([...this.parts, NL], this.size + 1);
    this.parts = [];
    this.size = 0;
    this.emit(line);
  }

  private emit(line: Buffer): void {
    // Blank lines carry no message; clients and servers skip them too.
    if (blank(line)) return;
    this.sink.line(line);
  }
}
