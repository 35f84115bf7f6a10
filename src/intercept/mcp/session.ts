// One MCP session between a client and a server, whatever carries it (stdio here, Streamable
// HTTP in the gateway): every line from either side goes through here. tools/call requests are
// judged, recorded durably, then forwarded, blocked (error -32600, never reaching the server) or
// held; tools/list results are recorded for drift and scanned; tool results are scanned and
// redacted. Everything else passes as it came, byte for byte.
import type { Decision } from '../../core/decision.js';
import { failSafeDecision } from '../hooks/index.js';
import { enforce, blockMessage, type Enforcement } from './enforcement.js';
import { decodeLine } from './decode-line.js';
import { BLOCKED, classify, errorObject, INTERNAL_ERROR, PARSE_ERROR, recoverId, type JsonRpcId, type Message } from './json-rpc.js';
import type { OversizeLine } from './line-framer.js';
import { PendingRequests } from './pending-requests.js';
import { SessionStats, type BlockReason, type SessionSummary } from './session-stats.js';
import type { HoldAnswer, McpCallEvent, Send, SessionOptions, SessionRecord, Side } from './session-types.js';
import { judgeInstructions, judgeToolList } from './tool-list.js';
import { judgeToolResult } from './tool-result.js';

/** A line to send, once the lines before it in the same direction have gone. */
interface Out {
  readonly to: Side;
  readonly data: Buffer | string;
}

/** What to do with one message of a line. */
type Verdict = { readonly forward: true; readonly replacement?: unknown } | { readonly forward: false; readonly reply?: unknown };

const FORWARD: Verdict = { forward: true };
const DROP: Verdict = { forward: false };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const line = (value: unknown): string => `${JSON.stringify(value)}\n`;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class McpSession {
  readonly stats = new SessionStats();
  readonly startedMs: number;
  private readonly pending = new PendingRequests();
  private clientOrder: Promise<void> = Promise.resolve();
  private serverOrder: Promise<void> = Promise.resolve();
  private listed = false;
  private clientName: string | undefined;
  private readonly clock: () => number;
  private readonly timer: () => number;

  constructor(private readonly o: SessionOptions, private readonly send: Send) {
    this.clock = o.clock ?? Date.now;
    this.timer = o.timer ?? (() => performance.now());
    this.startedMs = this.clock();
  }

  get mode(): 'monitor' | 'enforce' {
    return this.o.judge.mode;
  }

  private get enforcing(): boolean {
    return this.o.judge.mode === 'enforce';
  }

  private context(): Record<string, string | undefined> {
    return { ...this.o.context, agent: this.clientName };
  }

  /**
   * One line from the client; resolves once it has been forwarded, answered or dropped. Lines may
   * be handed in as they arrive, without waiting: each is judged at once (in arrival order), its
   * record written with those of the lines around it (one audit transaction for many), and what
   * it sends goes out in arrival order.
   */
  fromClient(raw: Buffer): Promise<void> {
    const out: Out[] = [];
    const work = this.clientLine(raw, out).catch((error: unknown) => {
      this.o.warn?.(`unexpected error judging a message from the client: ${message(error)}`);
      out.length = 0;
      if (!this.enforcing) out.push({ to: 'server', data: raw });
      else this.replyParseFailure(out, recoverId(raw.toString('utf8', 0, Math.min(raw.length, 8192))), 'Warden could not judge this message');
    });
    return (this.clientOrder = this.inOrder(this.clientOrder, work, out));
  }

  /** One line from the server; as fromClient. */
  fromServer(raw: Buffer): Promise<void> {
    const out: Out[] = [];
    const work = this.serverLine(raw, out).catch((error: unknown) => {
      this.o.warn?.(`unexpected error judging a message from the server: ${message(error)}`);
      out.length = 0;
      if (!this.enforcing) out.push({ to: 'client', data: raw });
    });
    return (this.serverOrder = this.inOrder(this.serverOrder, work, out));
  }

  /** Sends what `work` produced once everything before it in the same direction has been sent. */
  private inOrder(before: Promise<void>, work: Promise<void>, out: readonly Out[]): Promise<void> {
    return before
      .then(() => work)
      .then(() => {
        for (const o of out) this.send(o.to, o.data);
      })
      .catch((error: unknown) => this.o.warn?.(`sending failed: ${message(error)}`));
  }

  /** A line too long to hold: dropped, with an error to the client when its request id can be read. */
  oversize(from: Side, over: OversizeLine): Promise<void> {
    const out: Out[] = [];
    const work = this.oversized(from, over, out);
    if (from === 'client') return (this.clientOrder = this.inOrder(this.clientOrder, work, out));
    return (this.serverOrder = this.inOrder(this.serverOrder, work, out));
  }

  /** Part of a line past the limit, passed on unjudged in monitor mode, in order with the rest. */
  passRaw(from: Side, piece: Buffer): Promise<void> {
    const out: Out[] = [{ to: from === 'client' ? 'server' : 'client', data: piece }];
    if (from === 'client') return (this.clientOrder = this.inOrder(this.clientOrder, Promise.resolve(), out));
    return (this.serverOrder = this.inOrder(this.serverOrder, Promise.resolve(), out));
  }

  private async oversized(from: Side, over: OversizeLine, out: Out[]): Promise<void> {
    if (from === 'client') this.stats.fromClient++;
    else this.stats.fromServer++;
    this.stats.invalid++;
    const id = recoverId(`${over.head.toString('utf8')}\n${over.tail.toString('utf8')}`);
    if (!this.enforcing) {
      const error = `a message of ${over.bytes} bytes is over the line limit and was passed on unjudged (monitor mode)`;
      // Its answer is awaited like any other.
      if (from === 'client' && id !== undefined) this.pending.add({ id, method: '(unjudged request)', tool: null, start: this.timer() });
      await this.recordQuietly({ kind: 'invalid', from, error, outcome: 'would_block', bytes: over.bytes });
      return;
    }
    const error = `a message of ${over.bytes} bytes is over the ${from === 'client' ? 'client' : 'server'} line limit and was dropped`;
    await this.recordQuietly({ kind: 'invalid', from, error, outcome: 'blocked', bytes: over.bytes });
    if (id === undefined) return;
    if (from === 'client') out.push({ to: 'client', data: line(errorObject(id, BLOCKED, `Warden: ${error}`)) });
    else {
      const p = this.pending.take(id);
      if (!p) return;
      out.push({ to: 'client', data: line(errorObject(p.id, INTERNAL_ERROR, `Warden: the server's answer to ${p.method} was dropped: ${error}`)) });
    }
  }

  /** The server went away: every request still waiting gets an error instead of silence. */
  serverClosed(reason: string): void {
    for (const p of this.pending.drain()) {
      this.send('client', line(errorObject(p.id, INTERNAL_ERROR, `the MCP server ${this.o.server} ended before answering ${p.method} (${reason})`)));
    }
  }

  summary(): SessionSummary {
    return this.stats.summary(this.o.server, this.o.judge.mode, this.startedMs, this.clock());
  }

  private async clientLine(raw: Buffer, out: Out[]): Promise<void> {
    const decoded = decodeLine(raw);
    if (decoded.kind === 'invalid') {
      this.stats.fromClient++;
      this.stats.invalid++;
      const outcome = this.enforcing ? 'blocked' : 'would_block';
      await this.recordQuietly({ kind: 'invalid', from: 'client', error: `not valid JSON: ${decoded.error}`, outcome, bytes: raw.length });
      if (!this.enforcing) out.push({ to: 'server', data: raw });
      else this.replyParseFailure(out, decoded.id, 'Warden dropped a message that is not valid JSON');
      return;
    }
    if (decoded.kind === 'single') {
      this.stats.fromClient++;
      const v = await this.clientMessage(decoded.value);
      if (v.forward) out.push({ to: 'server', data: decoded.plain ? raw : line(decoded.value) });
      else if (v.reply !== undefined) out.push({ to: 'client', data: line(v.reply) });
      return;
    }
    this.stats.fromClient += decoded.items.length;
    const kept: string[] = [];
    const replies: unknown[] = [];
    // Every element is judged (and its record started) before any is awaited.
    const verdicts = await Promise.all(decoded.items.map((item) => this.clientMessage(item)));
    for (let i = 0; i < decoded.items.length; i++) {
      const v = verdicts[i]!;
      if (v.forward) kept.push(decoded.plain ? decoded.texts[i]! : JSON.stringify(decoded.items[i]));
      else if (v.reply !== undefined) replies.push(v.reply);
    }
    if (kept.length === decoded.items.length && decoded.plain) out.push({ to: 'server', data: raw });
    else if (kept.length > 0) out.push({ to: 'server', data: `[${kept.join(',')}]\n` });
    if (replies.length > 0) out.push({ to: 'client', data: line(replies) });
  }

  private replyParseFailure(out: Out[], id: JsonRpcId | undefined, text: string): void {
    if (id !== undefined && id !== null) out.push({ to: 'client', data: line(errorObject(id, PARSE_ERROR, text)) });
  }

  private async clientMessage(value: unknown): Promise<Verdict> {
    const m = classify(value);
    if (m.kind !== 'request' && m.kind !== 'notification') return FORWARD;
    if (m.method === 'tools/call') return this.toolCall(m, value);
    if (m.kind === 'request') {
      if (m.method === 'initialize' && isRecord(m.params) && isRecord(m.params.clientInfo) && typeof m.params.clientInfo.name === 'string') {
        this.clientName = m.params.clientInfo.name.slice(0, 200);
      }
      this.pending.add({ id: m.id, method: m.method, tool: null, start: this.timer() });
    }
    return FORWARD;
  }

  private async toolCall(m: Extract<Message, { kind: 'request' | 'notification' }>, value: unknown): Promise<Verdict> {
    const start = this.timer();
    const id = m.kind === 'request' ? m.id : null;
    const params = isRecord(m.params) ? m.params : {};
    const tool = params.name;
    if (typeof tool !== 'string') {
      this.stats.invalid++;
      const outcome = this.enforcing ? 'blocked' : 'would_block';
      await this.recordQuietly({ kind: 'invalid', from: 'client', error: 'tools/call without a tool name', outcome, bytes: 0 });
      if (!this.enforcing) return FORWARD;
      return m.kind === 'request' ? { forward: false, reply: errorObject(id, BLOCKED, 'Warden blocked a tools/call without a tool name') } : DROP;
    }
    const event: McpCallEvent = { kind: 'mcp_tool_call', server: this.o.server, tool, arguments: params.arguments ?? {}, context: this.context() };
    const name = `${this.o.server}/${tool}`;
    let e: Enforcement;
    try {
      e = enforce(this.o.judge.evaluate(event, this.clock()), { blockUndeclared: this.o.blockUndeclared ?? false, listed: this.listed, canHold: this.o.hold !== undefined, name });
    } catch (error) {
      e = this.failed(`an error while judging ${name}: ${message(error)}`, 'error');
    }
    this.stats.call(tool);
    const judgedMs = this.timer() - start;
    try {
      await this.o.recorder.record({ kind: 'call', id, event, decision: e.decision, outcome: e.decision.outcome, because: e.because, judgedMs });
    } catch (error) {
      this.o.warn?.(`the audit log could not record ${name}: ${message(error)}`);
      const fallback = this.failed(`the audit log could not record ${name}: ${message(error)}`, 'audit');
      if (fallback.action === 'block') e = fallback;
    }
    if (e.because) this.stats.block(e.because, e.action !== 'forward');
    if (e.action === 'forward') {
      if (m.kind === 'request') this.pending.add({ id, method: m.method, tool, start });
      return FORWARD;
    }
    if (e.action === 'hold') {
      this.holdCall(id, m.kind === 'request', value, event, e.decision, start);
      return DROP;
    }
    return m.kind === 'request' ? { forward: false, reply: errorObject(id, BLOCKED, blockMessage(e.decision, name)) } : DROP;
  }

  /** A call that cannot be judged or recorded: the role's on_error decides, else enforce blocks and monitor forwards. */
  private failed(problem: string, because: BlockReason): Enforcement {
    const j = this.o.judge;
    const decision = failSafeDecision(problem, j.mode, j.role, j.onError ?? null);
    return { decision, action: decision.outcome === 'blocked' ? 'block' : 'forward', because: decision.outcome === 'allowed' ? null : because };
  }

  private holdCall(id: JsonRpcId, isRequest: boolean, value: unknown, event: McpCallEvent, decision: Decision, start: number): void {
    const name = `${event.server}/${event.tool}`;
    const settle = async (given: HoldAnswer): Promise<void> => {
      const answer = typeof given === 'string' ? given : given.answer;
      const outcome = answer === 'approved' ? 'approved' : 'denied';
      const note = typeof given === 'string' ? (answer === 'approved' ? 'approved by a person' : 'not approved') : given.note;
      const reason = `${decision.reason}; ${note}`;
      await this.recordQuietly({ kind: 'call', id, event, decision: { ...decision, reason }, outcome, because: answer === 'approved' ? null : 'approval', judgedMs: 0 });
      if (answer === 'approved') {
        if (isRequest) this.pending.add({ id, method: 'tools/call', tool: event.tool, start });
        // The message as judged, re-encoded: what the server gets is what was approved.
        this.send('server', line(value));
      } else if (isRequest) {
        this.send('client', line(errorObject(id, BLOCKED, blockMessage({ ...decision, reason }, name))));
      }
    };
    this.o.hold!({ id, event, decision })
      .catch((error: unknown) => {
        this.o.warn?.(`approval of ${name} failed: ${message(error)}`);
        return 'rejected' as const;
      })
      .then(settle)
      .catch((error: unknown) => this.o.warn?.(`settling the held call ${name} failed: ${message(error)}`));
  }

  private async recordQuietly(record: SessionRecord): Promise<void> {
    try {
      await this.o.recorder.record(record);
    } catch (error) {
      this.o.warn?.(`the audit log could not record a ${record.kind} record: ${message(error)}`);
    }
  }

  private async serverLine(raw: Buffer, out: Out[]): Promise<void> {
    const decoded = decodeLine(raw);
    if (decoded.kind === 'invalid') {
      this.stats.fromServer++;
      this.stats.invalid++;
      const outcome = this.enforcing ? 'blocked' : 'would_block';
      await this.recordQuietly({ kind: 'invalid', from: 'server', error: `not valid JSON: ${decoded.error}`, outcome, bytes: raw.length });
      if (!this.enforcing) out.push({ to: 'client', data: raw });
      return;
    }
    if (decoded.kind === 'single') {
      this.stats.fromServer++;
      const v = await this.serverMessage(decoded.value);
      if (v.forward && v.replacement !== undefined) out.push({ to: 'client', data: line(v.replacement) });
      else if (v.forward) out.push({ to: 'client', data: decoded.plain ? raw : line(decoded.value) });
      return;
    }
    this.stats.fromServer += decoded.items.length;
    let changed = !decoded.plain;
    const texts: string[] = [];
    const verdicts = await Promise.all(decoded.items.map((item) => this.serverMessage(item)));
    for (let i = 0; i < decoded.items.length; i++) {
      const v = verdicts[i]!;
      if (!v.forward) { changed = true; continue; }
      if (v.replacement !== undefined) changed = true;
      texts.push(v.replacement !== undefined ? JSON.stringify(v.replacement) : decoded.plain ? decoded.texts[i]! : JSON.stringify(decoded.items[i]));
    }
    if (!changed) out.push({ to: 'client', data: raw });
    else if (texts.length > 0) out.push({ to: 'client', data: `[${texts.join(',')}]\n` });
  }

  private async serverMessage(value: unknown): Promise<Verdict> {
    const m = classify(value);
    if (m.kind !== 'response') return FORWARD;
    // A server's error about a message it could not read has no id to answer to.
    if (m.id === null && m.result === undefined) return FORWARD;
    const p = m.id === null ? undefined : this.pending.take(m.id);
    if (!p) {
      // No request of the client awaits it (one refused here, say): nothing the client asked for,
      // and nothing judged, so in enforce mode it goes no further.
      this.stats.invalid++;
      const outcome = this.enforcing ? 'blocked' : 'would_block';
      await this.recordQuietly({ kind: 'invalid', from: 'server', error: `a response to request ${JSON.stringify(m.id)}, which no request of the client awaits`, outcome, bytes: 0 });
      return this.enforcing ? DROP : FORWARD;
    }
    if (p.method === 'tools/call') this.stats.latency.add(this.timer() - p.start);
    if (m.result === undefined || !isRecord(value)) return FORWARD;
    const base = { server: this.o.server, judge: this.o.judge, context: this.context(), now: this.clock(), timer: this.timer };
    if (p.method === 'tools/call' && p.tool !== null) {
      const r = judgeToolResult(m.result, { ...base, tool: p.tool });
      if (r.record) await this.recordQuietly(r.record);
      if (r.action === 'redacted') this.stats.redacted++;
      if (r.action === 'withheld') this.stats.withheld++;
      return r.replacement === undefined ? FORWARD : { forward: true, replacement: { ...value, result: r.replacement } };
    }
    if (p.method === 'initialize') {
      const r = judgeInstructions(m.result, base);
      for (const record of r.records) await this.recordQuietly(record);
      return r.replacement === null ? FORWARD : { forward: true, replacement: { ...value, result: r.replacement } };
    }
    if (p.method === 'tools/list') {
      this.listed = true;
      const r = judgeToolList(m.result, { ...base, blockUndeclared: this.o.blockUndeclared ?? false, filterTools: this.o.filterTools ?? false });
      for (const record of r.records) await this.recordQuietly(record);
      this.stats.hidden += r.hidden;
      return r.replacement === null ? FORWARD : { forward: true, replacement: { ...value, result: r.replacement } };
    }
    return FORWARD;
  }
}
