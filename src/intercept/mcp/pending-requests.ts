// The client's requests the server has not answered yet, by id: what each asked for (so its answer
// can be judged: a tool result, a tool list) and when it came (for the round-trip latency).
import { idKey, type JsonRpcId } from './json-rpc.js';

export interface PendingRequest {
  readonly id: JsonRpcId;
  readonly method: string;
  /** For tools/call: the tool. */
  readonly tool: string | null;
  /** Monotonic milliseconds when the request came in. */
  readonly start: number;
  /**
   * For a call forwarded while its record was being written: settles with null once the record is
   * durable, or with what went wrong; the answer is held until then.
   */
  readonly recorded?: Promise<string | null>;
}

/** Requests awaiting an answer are forgotten oldest first past this many. */
export const MAX_PENDING = 100_000;

export class PendingRequests {
  private readonly byId = new Map<string, PendingRequest>();

  constructor(private readonly max: number = MAX_PENDING) {}

  add(p: PendingRequest): void {
    if (this.byId.size >= this.max) this.byId.delete(this.byId.keys().next().value!);
    this.byId.set(idKey(p.id), p);
  }

  /** The request an answer with this id is for, forgotten once taken; undefined when none waits. */
  take(id: JsonRpcId): PendingRequest | undefined {
    const key = idKey(id);
    const p = this.byId.get(key);
    if (p) this.byId.delete(key);
    return p;
  }

  /** Every request still waiting, forgotten. */
  drain(): PendingRequest[] {
    const all = [...this.byId.values()];
    this.byId.clear();
    return all;
  }
}

/** Requests already answered, the most recent ones kept (a resumed stream replays only recent events). */
export const MAX_ANSWERED = 1_000;

export class AnsweredRequests {
  private readonly byId = new Map<string, PendingRequest>();

  constructor(private readonly max: number = MAX_ANSWERED) {}

  remember(p: PendingRequest): void {
    const key = idKey(p.id);
    this.byId.delete(key);
    if (this.byId.size >= this.max) this.byId.delete(this.byId.keys().next().value!);
    this.byId.set(key, p);
  }

  find(id: JsonRpcId): PendingRequest | undefined {
    return this.byId.get(idKey(id));
  }
}
