// One MCP session between a client and a server, whatever carries it (stdio here, Streamable
// HTTP in the gateway): every line from either side goes through here. tools/call requests are
// judged and then forwarded while their record is written (the answer is held until the record is
// durable), blocked once recorded (error -32600, never reaching the server) or held for a person;
// tools/list results are recorded for drift and scanned; tool results are scanned and redacted.
// Everything else passes as it came, byte for byte.
import type { Decision } from '../../core/decision.js';
import { failSafeDecision } from '../hooks/index.js';
import { enforce, blockMessage, type Enforcement } from './enforcement.js';
import { decodeLine } from './decode-line.js';
import { BLOCKED, classify, errorObject, idKey, INTERNAL_ERROR, PARSE_ERROR, recoverId, type JsonRpcId, type Message } from './json-rpc.js';
import type { OversizeLine } from './line-framer.js';
import { AnsweredRequests, PendingRequests } from './pending-requests.js';
import { SessionStats, type BlockReason, type SessionSummary } from './session-stats.js';
import type { HoldAnswer, McpCallEvent, Send, SessionOptions, SessionRecord, Side } from './session-types.js';
import { judgeInstructions, judgeToolList } from './tool-list.js';
import { judgeToolResult } from './tool-result.js';

/** A line to send, once the lines before it in the same direction have gone. */
interface Out {
  readonly to: Side;
  readonly data: Buffer | string;
}

/**
 * What to do with one message from the client, decided at once: forward it now, or answer it
 * (`reply`, settled once its record is durable; undefined: nothing to say).
 */
type ClientVerdict = { readonly forward: true } | { readonly forward: false; readonly reply: Promise<unknown> };

/** What to do with one message from the server. */
type Verdict = { readonly forward: true; readonly replacement?: unknown } | { readonly forward: false };

const FORWARD = { forward: true } as const;
const DROP: Verdict = { forward: false };
const NOTHING: Promise<unknown> = Promise.resolve(undefined);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const line = (value: unknown): string => `${JSON.stringify(value)}\n`;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class McpSession {
  readonly stats = new SessionStats();
  readonly startedMs: number;
  private readonly pending = new PendingRequests();
  /** Requests answered lately: an answer replayed on a resumed stream is judged as the first was. */
  private readonly answered = new AnsweredRequests();
  /** Calls held for a person, by id key: withdrawn when the client cancels them. */
  private readonly held = new Map<string, AbortController>();
  private replyOrder: Promise<void> = Promise.resolve();
  private serverOrder: Promise<void> = Promise.resolve();
  private listed = false;
  /** The last record failed: calls are recorded before they are forwarded until one succeeds. */
  private auditFailing = false;
  private clientName: string | undefined;
  private eventContext: Readonly<Record<string, string | undefined>> | null = null;
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

  /** The context of this session's events, made again only when the client names itself. */
  private context(): Record<string, string | undefined> {
    if (this.eventContext?.agent !== this.clientName || this.eventContext === null) this.eventContext = Object.freeze({ ...this.o.context, agent: this.clientName });
    return this.eventContext;
  }

  /**
   * One line from the client. It is judged at once and, when allowed, forwarded at once while its
   * record is written (the server's answer waits in fromServer until the record is durable, and
   * the audit log commits the records of calls in flight together). Answers Warden gives itself
   * (a blocked call's error) go out once their record is durable, in arrival order. Resolves once
   * everything the line caused has been sent and recorded.
   */
  fromClient(raw: Buffer): Promise<void> {
    const records: Promise<unknown>[] = [];
    let replies: Promise<Out[]>;
    try {
      replies = this.clientLine(raw, records);
    } catch (error) {
      this.o.warn?.(`unexpected error judging a message from the client: ${message(error)}`);
      const out: Out[] = [];
      if (!this.enforcing) this.send('server', raw);
      else this.replyParseFailure(out, recoverId(raw.toString('utf8', 0, Math.min(raw.length, 8192))), 'Warden could not judge this message');
      replies = Promise.resolve(out);
    }
    const sent = (this.replyOrder = this.sendInOrder(this.replyOrder, replies));
    return Promise.all([sent, ...records]).then(() => undefined);
  }

  /**
   * One line from the server; handled in arrival order, each sent once judged. `replayed`: it comes
   * on a resumed stream, where an answer the client already had may come again; such an answer is
   * judged as it was the first time (its result scanned and redacted again), not dropped.
   */
  fromServer(raw: Buffer, replayed = false): Promise<void> {
    const out: Out[] = [];
    const work = this.serverLine(raw, out, replayed).then(() => out, (error: unknown) => {
      this.o.warn?.(`unexpected error judging a message from the server: ${message(error)}`);
      return this.enforcing ? [] : [{ to: 'client' as const, data: raw }];
    });
    return (this.serverOrder = this.sendInOrder(this.serverOrder, work));
  }

  /** Sends what `work` produced once everything before it on the same chain has been sent. */
  private sendInOrder(before: Promise<void>, work: Promise<readonly Out[]>): Promise<void> {
    return before
      .then(() => work)
      .then((out) => {
        for (const o of out) this.send(o.to, o.data);
      })
      .catch((error: unknown) => this.o.warn?.(`sending failed: ${message(error)}`));
  }

  /** A line too long to hold: dropped, with an error to the client when its request id can be read. */
  oversize(from: Side, over: OversizeLine): Promise<void> {
    const out: Out[] = [];
    const work = this.oversized(from, over, out).then(() => out);
    if (from === 'client') return (this.replyOrder = this.sendInOrder(this.replyOrder, work));
    return (this.serverOrder = this.sendInOrder(this.serverOrder, work));
  }

  /** Part of a line past the limit, passed on unjudged in monitor mode, in order with the rest. */
  passRaw(from: Side, piece: Buffer): Promise<void> {
    // What the client sends goes on as soon as it is judged, so a piece from it goes at once.
    if (from === 'client') {
      this.send('server', piece);
      return Promise.resolve();
    }
    return (this.serverOrder = this.sendInOrder(this.serverOrder, Promise.resolve([{ to: 'client', data: piece }])));
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

  /**
   * The server went away: every request still waiting gets an error instead of silence (once its
   * record is durable). Resolves when they have been sent.
   */
  async serverClosed(reason: string): Promise<void> {
    const waiting = this.pending.drain();
    await Promise.all(waiting.flatMap((p) => (p.recorded ? [p.recorded] : [])));
    for (const p of waiting) {
      this.send('client', line(errorObject(p.id, INTERNAL_ERROR, `the MCP server ${this.o.server} ended before answering ${p.method} (${reason})`)));
    }
  }

  summary(): SessionSummary {
    return this.stats.summary(this.o.server, this.o.judge.mode, this.startedMs, this.clock());
  }

  /** Forwards what goes on at once; resolves with the answers to send the client. */
  private clientLine(raw: Buffer, records: Promise<unknown>[]): Promise<Out[]> {
    const decoded = decodeLine(raw);
    if (decoded.kind === 'invalid') {
      this.stats.fromClient++;
      this.stats.invalid++;
      const outcome = this.enforcing ? 'blocked' : 'would_block';
      const recorded = this.recordQuietly({ kind: 'invalid', from: 'client', error: `not valid JSON: ${decoded.error}`, outcome, bytes: raw.length });
      records.push(recorded);
      if (!this.enforcing) {
        this.send('server', raw);
        return Promise.resolve([]);
      }
      return recorded.then(() => {
        const out: Out[] = [];
        this.replyParseFailure(out, decoded.id, 'Warden dropped a message that is not valid JSON');
        return out;
      });
    }
    if (decoded.kind === 'single') {
      this.stats.fromClient++;
      const v = this.clientMessage(decoded.value, records);
      if (v.forward) {
        this.send('server', decoded.plain ? raw : line(decoded.value));
        return Promise.resolve([]);
      }
      return v.reply.then((reply) => (reply === undefined ? [] : [{ to: 'client', data: line(reply) }]));
    }
    this.stats.fromClient += decoded.items.length;
    const kept: string[] = [];
    const replies: Promise<unknown>[] = [];
    // Every element is judged (and its record started) before any is awaited.
    const verdicts = decoded.items.map((item) => this.clientMessage(item, records));
    for (let i = 0; i < decoded.items.length; i++) {
      const v = verdicts[i]!;
      if (v.forward) kept.push(decoded.plain ? decoded.texts[i]! : JSON.stringify(decoded.items[i]));
      else replies.push(v.reply);
    }
    if (kept.length === decoded.items.length && decoded.plain) this.send('server', raw);
    else if (kept.length > 0) this.send('server', `[${kept.join(',')}]\n`);
    return Promise.all(replies).then((all) => {
      const said = all.filter((r) => r !== undefined);
      return said.length > 0 ? [{ to: 'client', data: line(said) }] : [];
    });
  }

  private replyParseFailure(out: Out[], id: JsonRpcId | undefined, text: string): void {
    if (id !== undefined && id !== null) out.push({ to: 'client', data: line(errorObject(id, PARSE_ERROR, text)) });
  }

  private clientMessage(value: unknown, records: Promise<unknown>[]): ClientVerdict {
    const m = classify(value);
    if (m.kind === 'other' && !isRecord(value)) return this.notAMessage(value, records);
    if (m.kind !== 'request' && m.kind !== 'notification') return FORWARD;
    if (m.method === 'tools/call') return this.toolCall(m, value, records);
    if (m.kind === 'notification' && m.method === 'notifications/cancelled' && this.cancelHeld(m.params)) return { forward: false, reply: NOTHING };
    if (m.kind === 'request') {
      if (m.method === 'initialize' && isRecord(m.params) && isRecord(m.params.clientInfo) && typeof m.params.clientInfo.name === 'string') {
        this.clientName = m.params.clientInfo.name.slice(0, 200);
      }
      this.pending.add({ id: m.id, method: m.method, tool: null, start: this.timer() });
    }
    return FORWARD;
  }

  /**
   * Valid JSON that is no JSON-RPC message: a scalar, or an array inside a batch. No server should
   * act on it, but a lenient one might read a call out of `[[{…}]]`, so it is handled like a line
   * that is not JSON: recorded, and in enforce mode never forwarded (without an id, nothing to answer).
   */
  private notAMessage(value: unknown, records: Promise<unknown>[]): ClientVerdict {
    this.stats.invalid++;
    const what = Array.isArray(value) ? 'an array inside a batch' : `a bare ${value === null ? 'null' : typeof value}`;
    const outcome = this.enforcing ? 'blocked' : 'would_block';
    const recorded = this.recordQuietly({ kind: 'invalid', from: 'client', error: `not a JSON-RPC message: ${what}`, outcome, bytes: JSON.stringify(value).length });
    records.push(recorded);
    return this.enforcing ? { forward: false, reply: recorded.then(() => undefined) } : FORWARD;
  }

  /**
   * A cancellation of a call held here: the server never saw the call, so the cancellation is not
   * passed on; the held call is withdrawn and nothing is sent for it.
   */
  private cancelHeld(params: unknown): boolean {
    const requestId = isRecord(params) ? params.requestId : undefined;
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return false;
    const held = this.held.get(idKey(requestId));
    if (!held) return false;
    held.abort();
    return true;
  }

  private toolCall(m: Extract<Message, { kind: 'request' | 'notification' }>, value: unknown, records: Promise<unknown>[]): ClientVerdict {
    const start = this.timer();
    const id = m.kind === 'request' ? m.id : null;
    const params = isRecord(m.params) ? m.params : {};
    const tool = params.name;
    if (typeof tool !== 'string') {
      this.stats.invalid++;
      const outcome = this.enforcing ? 'blocked' : 'would_block';
      const recorded = this.recordQuietly({ kind: 'invalid', from: 'client', error: 'tools/call without a tool name', outcome, bytes: 0 });
      records.push(recorded);
      if (!this.enforcing) return FORWARD;
      return { forward: false, reply: m.kind === 'request' ? recorded.then(() => errorObject(id, BLOCKED, 'Warden blocked a tools/call without a tool name')) : recorded };
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
    const recorded = this.recordCall({ kind: 'call', id, event, decision: e.decision, outcome: e.decision.outcome, because: e.because, judgedMs }, name);
    records.push(recorded);
    if (e.action === 'forward' && !this.auditFailing) {
      // Forwarded now, recorded meanwhile: the server's answer waits for the record.
      if (e.because) this.stats.block(e.because, false);
      if (m.kind === 'request') this.pending.add({ id, method: m.method, tool, start, recorded });
      return FORWARD;
    }
    // Blocked or held (or the audit log failing): the record is durable before anything else happens.
    // A call to hold can be cancelled from now on, while its record is written.
    const key = e.action === 'hold' && m.kind === 'request' ? idKey(id) : null;
    const cancel = new AbortController();
    if (key !== null) this.held.set(key, cancel);
    const reply = recorded.then((problem) => {
      if (problem !== null) {
        const fallback = this.failed(problem, 'audit');
        if (fallback.action === 'block') e = fallback;
      }
      // A held call counts as blocked once a person's answer (or the timeout) refuses it.
      if (e.because && e.action !== 'hold') this.stats.block(e.because, e.action !== 'forward');
      if (e.action !== 'hold' && key !== null && this.held.get(key) === cancel) this.held.delete(key);
      if (e.action === 'forward') {
        if (cancel.signal.aborted) return undefined; // cancelled before it went anywhere
        if (m.kind === 'request') this.pending.add({ id, method: m.method, tool, start });
        this.send('server', line(value));
        return undefined;
      }
      if (e.action === 'hold') {
        this.holdCall({ id, key, cancel }, value, event, e.decision, start);
        return undefined;
      }
      return m.kind === 'request' ? errorObject(id, BLOCKED, blockMessage(e.decision, name)) : undefined;
    });
    return { forward: false, reply };
  }

  /** Records a call; resolves with null once durable, or with what went wrong. Never rejects. */
  private recordCall(record: SessionRecord, name: string): Promise<string | null> {
    return this.o.recorder.record(record).then(
      () => {
        this.auditFailing = false;
        return null;
      },
      (error: unknown) => {
        this.auditFailing = true;
        this.o.warn?.(`the audit log could not record ${name}: ${message(error)}`);
        return `the audit log could not record ${name}: ${message(error)}`;
      },
    );
  }

  /** A call that cannot be judged or recorded: the role's on_error decides, else enforce blocks and monitor forwards. */
  private failed(problem: string, because: BlockReason): Enforcement {
    const j = this.o.judge;
    const decision = failSafeDecision(problem, j.mode, j.role, j.onError ?? null);
    return { decision, action: decision.outcome === 'blocked' ? 'block' : 'forward', because: decision.outcome === 'allowed' ? null : because };
  }

  /** `call.key`: the held call's id as a map key (null for a notification), under which `cancel` is in `held`. */
  private holdCall(call: { id: JsonRpcId; key: string | null; cancel: AbortController }, value: unknown, event: McpCallEvent, decision: Decision, start: number): void {
    const { id, key, cancel } = call;
    const isRequest = key !== null;
    const name = `${event.server}/${event.tool}`;
    const settle = async (given: HoldAnswer): Promise<void> => {
      if (key !== null && this.held.get(key) === cancel) this.held.delete(key);
      const answer = typeof given === 'string' ? given : given.answer;
      const cancelled = typeof given !== 'string' && given.cancelled === true;
      const outcome = answer === 'approved' && !cancelled ? 'approved' : 'denied';
      const note = typeof given === 'string' ? (answer === 'approved' ? 'approved by a person' : 'not approved') : given.note;
      const reason = `${decision.reason}; ${note}`;
      if (outcome !== 'approved') this.stats.block('approval', true);
      await this.recordQuietly({ kind: 'call', id, event, decision: { ...decision, reason }, outcome, because: outcome === 'approved' ? null : 'approval', judgedMs: 0 });
      // A call the client cancelled gets nothing: the client has stopped waiting for it.
      if (cancelled) return;
      if (outcome === 'approved') {
        if (isRequest) this.pending.add({ id, method: 'tools/call', tool: event.tool, start });
        // The message as judged, re-encoded: what the server gets is what was approved.
        this.send('server', line(value));
      } else if (isRequest) {
        this.send('client', line(errorObject(id, BLOCKED, blockMessage({ ...decision, reason }, name))));
      }
    };
    if (cancel.signal.aborted) {
      // Cancelled while its record was written: no person is asked about a call no one waits for.
      void settle({ answer: 'rejected', note: 'cancelled by the client before it was held', cancelled: true }).catch((error: unknown) => this.o.warn?.(`settling the held call ${name} failed: ${message(error)}`));
      return;
    }
    this.o.hold!({ id, event, decision, cancelled: cancel.signal })
      .catch((error: unknown) => {
        this.o.warn?.(`approval of ${name} failed: ${message(error)}`);
        return cancel.signal.aborted ? { answer: 'rejected' as const, note: 'cancelled by the client', cancelled: true } : 'rejected' as const;
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

  private async serverLine(raw: Buffer, out: Out[], replayed: boolean): Promise<void> {
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
      const v = await this.serverMessage(decoded.value, replayed);
      if (v.forward && v.replacement !== undefined) out.push({ to: 'client', data: line(v.replacement) });
      else if (v.forward) out.push({ to: 'client', data: decoded.plain ? raw : line(decoded.value) });
      return;
    }
    this.stats.fromServer += decoded.items.length;
    let changed = !decoded.plain;
    const texts: string[] = [];
    const verdicts = await Promise.all(decoded.items.map((item) => this.serverMessage(item, replayed)));
    for (let i = 0; i < decoded.items.length; i++) {
      const v = verdicts[i]!;
      if (!v.forward) { changed = true; continue; }
      if (v.replacement !== undefined) changed = true;
      texts.push(v.replacement !== undefined ? JSON.stringify(v.replacement) : decoded.plain ? decoded.texts[i]! : JSON.stringify(decoded.items[i]));
    }
    if (!changed) out.push({ to: 'client', data: raw });
    else if (texts.length > 0) out.push({ to: 'client', data: `[${texts.join(',')}]\n` });
  }

  private async serverMessage(value: unknown, replayed: boolean): Promise<Verdict> {
    const m = classify(value);
    if (m.kind !== 'response') return FORWARD;
    // A server's error about a message it could not read has no id to answer to.
    if (m.id === null && m.result === undefined) return FORWARD;
    let p = m.id === null ? undefined : this.pending.take(m.id);
    if (p) this.answered.remember(p);
    const again = !p && replayed && m.id !== null;
    if (again) p = this.answered.find(m.id);
    if (!p) {
      // No request of the client awaits it (one refused here, say): nothing the client asked for,
      // and nothing judged, so in enforce mode it goes no further.
      this.stats.invalid++;
      const outcome = this.enforcing ? 'blocked' : 'would_block';
      await this.recordQuietly({ kind: 'invalid', from: 'server', error: `a response to request ${JSON.stringify(m.id)}, which no request of the client awaits`, outcome, bytes: 0 });
      return this.enforcing ? DROP : FORWARD;
    }
    if (p.recorded) {
      // The call went to the server while its record was written: its answer waits for the record.
      const problem = await p.recorded;
      if (problem !== null && this.failed(problem, 'audit').action === 'block') {
        this.stats.block('audit', true);
        return { forward: true, replacement: errorObject(p.id, BLOCKED, `Warden withheld the answer of ${this.o.server}/${p.tool ?? p.method}: ${problem}`) };
      }
    }
    if (p.method === 'tools/call' && !again) this.stats.latency.add(this.timer() - p.start);
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
