// The daemon socket protocol (docs/daemon-protocol.md): one request per connection, one answer.
// Request: `HOOK <agent> [<request id>]\n<payload>` or `STATUS\n`, the body running to the client's half-close.
// Answer: `<exit code> <stdout length> <stderr length>\n<stdout><stderr>`, lengths in bytes.
import { REQUEST_ID } from '../../audit/audit-log.js';
import { HOOK_AGENTS, isHookAgent, MAX_PAYLOAD_CHARS, type HookAgent, type HookResponse } from '../../intercept/hooks/index.js';

export const MAX_HEADER_BYTES = 256;
export const MAX_BODY_BYTES = MAX_PAYLOAD_CHARS;

export type RequestHead =
  | { readonly kind: 'hook'; readonly agent: HookAgent; readonly requestId?: string }
  | { readonly kind: 'status' }
  | { readonly kind: 'bad'; readonly reason: string };

/** The request line, without its newline. */
export function parseHead(line: string): RequestHead {
  if (line === 'STATUS') return { kind: 'status' };
  const hook = /^HOOK ([a-z-]+)(?: (\S+))?$/.exec(line);
  if (hook) {
    const [, agent, requestId] = hook as unknown as [string, string, string | undefined];
    if (!isHookAgent(agent)) return { kind: 'bad', reason: `no hook for "${agent}" (agents: ${HOOK_AGENTS.join(', ')})` };
    if (requestId === undefined) return { kind: 'hook', agent };
    return REQUEST_ID.test(requestId) ? { kind: 'hook', agent, requestId } : { kind: 'bad', reason: `not a request id: ${JSON.stringify(requestId.slice(0, 80))} (16 to 64 of A-Z a-z 0-9 - _)` };
  }
  return { kind: 'bad', reason: `not a Warden daemon request: ${JSON.stringify(line.slice(0, 80))} (want HOOK <agent> [<request id>] or STATUS)` };
}

export type ReadState =
  | { readonly kind: 'more' }
  /** The head is read; `body` is complete once the client half-closes. */
  | { readonly kind: 'head'; readonly head: RequestHead }
  | { readonly kind: 'too_large' };

/** Fed the bytes of one connection: finds the head, then collects the body up to its limit. */
export class RequestReader {
  private headBytes: Buffer[] = [];
  private headSize = 0;
  private bodyChunks: Buffer[] = [];
  private bodySize = 0;
  head: RequestHead | null = null;
  overflow = false;

  /** The state after this chunk; 'head' is returned once, when the head completes. */
  push(chunk: Buffer): ReadState {
    if (this.overflow) return { kind: 'too_large' };
    if (this.head === null) {
      const nl = chunk.indexOf(0x0a);
      const take = nl === -1 ? chunk : chunk.subarray(0, nl);
      this.headBytes.push(take);
      this.headSize += take.length;
      if (this.headSize > MAX_HEADER_BYTES) {
        this.head = { kind: 'bad', reason: `the request line is longer than ${MAX_HEADER_BYTES} bytes` };
        return { kind: 'head', head: this.head };
      }
      if (nl === -1) return { kind: 'more' };
      this.head = parseHead(Buffer.concat(this.headBytes).toString('latin1'));
      const rest = chunk.subarray(nl + 1);
      if (rest.length > 0) this.addBody(rest);
      return this.overflow ? { kind: 'too_large' } : { kind: 'head', head: this.head };
    }
    this.addBody(chunk);
    return this.overflow ? { kind: 'too_large' } : { kind: 'more' };
  }

  /** What came before the client half-closed without a newline: an unfinished head. */
  get unfinishedHead(): boolean {
    return this.head === null;
  }

  body(): Buffer {
    return Buffer.concat(this.bodyChunks);
  }

  private addBody(bytes: Buffer): void {
    this.bodySize += bytes.length;
    if (this.bodySize > MAX_BODY_BYTES) {
      this.overflow = true;
      this.bodyChunks = [];
      return;
    }
    this.bodyChunks.push(bytes);
  }
}

export function encodeAnswer(answer: HookResponse): Buffer {
  const out = Buffer.from(answer.stdout, 'utf8');
  const err = Buffer.from(answer.stderr, 'utf8');
  return Buffer.concat([Buffer.from(`${answer.exitCode} ${out.length} ${err.length}\n`, 'latin1'), out, err]);
}

/** An answer of exit code 1 with one line on stderr, for a request that is not one. */
export const badRequestAnswer = (reason: string): HookResponse => ({ stdout: '', stderr: `warden daemon: ${reason}\n`, exitCode: 1 });

export type AnswerRead = { readonly kind: 'answer'; readonly answer: HookResponse } | { readonly kind: 'more' } | { readonly kind: 'bad'; readonly reason: string };

const ANSWER_HEAD = /^(\d{1,3}) (\d{1,10}) (\d{1,10})$/;

/** Decodes an answer from everything read so far (the client side). */
export function decodeAnswer(bytes: Buffer, ended: boolean): AnswerRead {
  const nl = bytes.indexOf(0x0a);
  if (nl === -1) return bytes.length > 64 ? { kind: 'bad', reason: 'no answer header' } : ended ? { kind: 'bad', reason: 'the daemon closed before answering' } : { kind: 'more' };
  const m = ANSWER_HEAD.exec(bytes.subarray(0, nl).toString('latin1'));
  if (!m) return { kind: 'bad', reason: 'a malformed answer header' };
  const [exitCode, outLength, errLength] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const body = bytes.subarray(nl + 1);
  if (body.length < outLength + errLength) return ended ? { kind: 'bad', reason: 'a truncated answer' } : { kind: 'more' };
  if (body.length > outLength + errLength) return { kind: 'bad', reason: 'more bytes than the answer header says' };
  return {
    kind: 'answer',
    answer: { exitCode, stdout: body.subarray(0, outLength).toString('utf8'), stderr: body.subarray(outLength).toString('utf8') },
  };
}
