// The audit log: every evaluated action, appended to a hash chain in a store, with checkpoints
// signed by the host key. Appends are serialised within the process and committed in groups:
// appends that arrive while a write is in flight go into the next transaction together, and
// each promise resolves only once its entry is durable. A restart continues the chain from the
// last stored entry; stored entries are never re-hashed or repaired.
import type { AuditStore, ChainEnd, PruneResult, RequestMark } from './audit-store.js';
import { chainBatch, type ChainState, type CheckpointPolicy } from './chain-batch.js';
import { signCheckpoint, type ChainPosition, type SignedCheckpoint } from './checkpoint.js';
import type { CheckpointCopy } from './checkpoint-copy.js';
import type { AuditEntryInput, AuditFields, AuditRecord } from './entry.js';
import { AuditDuplicateError, AuditError } from './errors.js';
import type { HostKey } from './host-key.js';
import { normaliseEntry } from './normalise.js';
import { verifyAuditLog, type VerifyResult } from './verify.js';

export interface AuditLogOptions {
  /** Sign a checkpoint at least every this many entries (default 1,000). */
  readonly checkpointEvery?: number;
  /** ... and when entries are unsigned this long after the last checkpoint (default 60 s). */
  readonly checkpointIntervalMs?: number;
  /** Where to keep a copy of the latest checkpoint outside the store. */
  readonly checkpointCopy?: CheckpointCopy | null;
  /** Most entries in one transaction (default 10,000). */
  readonly maxBatch?: number;
  /** Milliseconds since the epoch; Date.now by default. */
  readonly clock?: () => number;
  /** Told about failures that lose nothing but should be known (the checkpoint copy not written). */
  readonly onWarning?: (message: string, cause: unknown) => void;
}

interface Job {
  readonly fields: readonly AuditFields[];
  /** The caller's request these entries answer; a request already stored is not written again. */
  readonly requestId?: string;
  readonly resolve: (records: AuditRecord[]) => void;
  readonly reject: (error: unknown) => void;
  /** Told, instead of resolve, that the request was stored before (by this or another process). */
  readonly already?: () => void;
}

/** What an append under a request id did: wrote the entries, or found the request recorded already. */
export type RequestAppend =
  | { readonly kind: 'recorded'; readonly records: readonly AuditRecord[] }
  | { readonly kind: 'already'; readonly records: readonly AuditRecord[] };

/** A request id: 16 to 64 letters, digits, `-` or `_` (the hook client sends 32 hex digits). */
export const REQUEST_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether stored entries record the same action as these: the same kinds, subjects, agent, session and tool, in order. */
function sameCall(fields: readonly AuditFields[], records: readonly AuditRecord[]): boolean {
  return fields.length === records.length && fields.every((f, i) => {
    const r = records[i]!;
    return f.type === r.type && f.subject === r.subject && f.agent === r.agent && f.session === r.session && f.tool === r.tool;
  });
}

const DAY_MS = 86_400_000;

export class AuditLog {
  private state: ChainState;
  private pending: Job[] = [];
  private flushQueued = false;
  private serial: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly timer: NodeJS.Timeout | null;
  private readonly policy: CheckpointPolicy;
  private readonly clock: () => number;
  private readonly maxBatch: number;

  private constructor(
    private readonly store: AuditStore,
    private readonly key: HostKey,
    private readonly options: AuditLogOptions,
    state: ChainState,
  ) {
    this.state = state;
    this.clock = options.clock ?? Date.now;
    this.maxBatch = Math.max(1, options.maxBatch ?? 10_000);
    this.policy = { every: Math.max(1, options.checkpointEvery ?? 1_000), intervalMs: Math.max(0, options.checkpointIntervalMs ?? 60_000) };
    this.timer = this.policy.intervalMs > 0 ? setInterval(() => this.checkpointIfDue(), Math.max(100, this.policy.intervalMs / 4)) : null;
    this.timer?.unref();
  }

  /** Opens the log on a store, continuing its chain. The caller keeps ownership of the store. */
  static async open(store: AuditStore, key: HostKey, options: AuditLogOptions = {}): Promise<AuditLog> {
    return new AuditLog(store, key, options, await AuditLog.loadState(store, options.clock ?? Date.now));
  }

  private static async loadState(store: AuditStore, clock: () => number): Promise<ChainState> {
    const [tail, last, checkpoint] = await Promise.all([store.head(), store.last(), store.lastCheckpoint()]);
    const lastTimeMs = last ? Date.parse(last.time) : 0;
    const signedUpTo = checkpoint?.seq ?? 0;
    return {
      tail,
      lastTimeMs: Number.isFinite(lastTimeMs) ? lastTimeMs : 0,
      unsigned: last ? Math.max(0, last.seq - signedUpTo) : 0,
      lastCheckpointMs: checkpoint ? Date.parse(checkpoint.time) || 0 : clock(),
    };
  }

  /** The last entry written by the log or found at open (null for an empty log). */
  get tail(): ChainPosition | null {
    return this.state.tail;
  }

  /** Entries written since the last checkpoint. */
  get unsigned(): number {
    return this.state.unsigned;
  }

  /** Records one entry; resolves with it, hashed and numbered, once it is durable. */
  async append(entry: AuditEntryInput): Promise<AuditRecord> {
    const [record] = await this.appendBatch([entry]);
    return record!;
  }

  /** Records entries in order, in as few transactions as the batch limit allows. */
  appendBatch(entries: readonly AuditEntryInput[]): Promise<AuditRecord[]> {
    const fields = this.normalised(entries);
    if (fields instanceof Error) return Promise.reject(fields);
    if (fields.length === 0) return Promise.resolve([]);
    return new Promise<AuditRecord[]>((resolve, reject) => this.enqueue({ fields, resolve, reject }));
  }

  /** The entries normalised (secrets redacted), or why they cannot be appended. */
  private normalised(entries: readonly AuditEntryInput[]): AuditFields[] | Error {
    if (this.closed) return new AuditError('CLOSED', 'the audit log is closed');
    try {
      return entries.map(normaliseEntry);
    } catch (error) {
      return error instanceof Error ? error : new AuditError('INVALID_ENTRY', String(error));
    }
  }

  private enqueue(job: Job): void {
    this.pending.push(job);
    if (!this.flushQueued) {
      this.flushQueued = true;
      // On the next turn of the event loop, so that every caller woken by the previous write
      // has queued its next entry: they all go into one transaction.
      setImmediate(() => void this.exclusive(() => this.flush()));
    }
  }

  /**
   * Records the entries that answer one request, once: when the log already holds entries under
   * `requestId` for the same action (another process answered the same call), nothing is written
   * and those entries come back instead; entries of a different action under that id (an id used
   * twice) are written all the same, without it. Either way they are durable when the promise resolves. The check and the
   * write are one transaction, so of two writers of one request exactly one writes.
   */
  appendOnce(requestId: string, entries: readonly AuditEntryInput[]): Promise<RequestAppend> {
    if (!REQUEST_ID.test(requestId)) return Promise.reject(new AuditError('INVALID_ENTRY', `not a request id: ${JSON.stringify(requestId.slice(0, 80))}`));
    const fields = this.normalised(entries);
    if (fields instanceof Error) return Promise.reject(fields);
    if (fields.length === 0) return Promise.resolve({ kind: 'recorded', records: [] });
    return new Promise<RequestAppend>((resolve, reject) => {
      this.enqueue({
        fields,
        requestId,
        resolve: (records) => resolve({ kind: 'recorded', records }),
        reject,
        already: () => {
          // Another call under the same id (a client reusing ids) is not this one: recorded anyway, without the id.
          this.store.requestRecords(requestId).then((records) => {
            if (records !== null && sameCall(fields, records)) resolve({ kind: 'already', records });
            else this.enqueue({ fields, resolve: (written) => resolve({ kind: 'recorded', records: written }), reject });
          }, reject);
        },
      });
    });
  }

  /** Signs the current end of the log now, if any entry is unsigned. */
  checkpoint(): Promise<SignedCheckpoint | null> {
    return this.afterPending(() => this.signTail());
  }

  /**
   * Deletes entries older than `days` days (none past seq `upTo`, when given: entries a control
   * plane has not received yet), leaving a signed anchor so the rest still verifies.
   */
  prune(days: number, upTo?: number): Promise<PruneResult> {
    if (!(days >= 0)) return Promise.reject(new AuditError('INVALID_ENTRY', `cannot prune entries older than ${days} days`));
    const before = new Date(this.clock() - days * DAY_MS).toISOString();
    return this.afterPending(() =>
      this.store.pruneBefore(before, (last) => signCheckpoint(this.key, 'anchor', { seq: last.seq, hash: last.hash }, new Date(this.clock()).toISOString()), upTo),
    );
  }

  verify(): Promise<VerifyResult> {
    return this.afterPending(() => verifyAuditLog(this.store, this.key, { witness: this.readCopy() }));
  }

  /** Writes what is queued, signs the end of the log and stops; the store stays open. */
  close(): Promise<void> {
    if (this.closed) return this.exclusive(() => Promise.resolve());
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    return this.afterPending(async () => {
      await this.signTail();
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serial.then(fn, fn);
    this.serial = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Runs `fn` alone, once every append made before the call is written. */
  private afterPending<T>(fn: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.flush();
      return fn();
    });
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const jobs = this.pending;
    this.pending = [];
    let group: Job[] = [];
    let size = 0;
    for (const job of jobs) {
      if (size > 0 && size + job.fields.length > this.maxBatch) {
        await this.writeGroup(group);
        group = [];
        size = 0;
      }
      group.push(job);
      size += job.fields.length;
    }
    if (group.length) await this.writeGroup(group);
  }

  /**
   * Writes the jobs' entries in transactions of at most maxBatch; never rejects. Jobs wholly
   * written before a failure succeed, the rest fail (a job split over transactions, one larger
   * than maxBatch, may be partly stored, and its caller learns it failed). A request another
   * writer recorded first is told so, and the jobs not yet written are written without it.
   */
  private async writeGroup(group: readonly Job[]): Promise<void> {
    let jobs = group;
    for (;;) {
      const written: AuditRecord[] = [];
      let failure: unknown = null;
      try {
        await this.writeJobs(jobs, written);
      } catch (error) {
        failure = error;
      }
      const rest: Job[] = [];
      let at = 0;
      for (const j of jobs) {
        const end = at + j.fields.length;
        if (end <= written.length) j.resolve(written.slice(at, end));
        else rest.push(j);
        at = end;
      }
      if (failure === null) return;
      if (failure instanceof AuditDuplicateError) {
        const known = new Set(failure.requestIds);
        const dropped = rest.filter((j) => j.requestId !== undefined && known.has(j.requestId));
        if (dropped.length > 0) {
          for (const j of dropped) j.already?.();
          jobs = rest.filter((j) => !dropped.includes(j));
          if (jobs.length === 0) return;
          continue;
        }
      }
      for (const j of rest) j.reject(failure);
      return;
    }
  }

  /** The jobs' entries in transactions of at most maxBatch, each request id in the transaction holding its first entry. */
  private async writeJobs(jobs: readonly Job[], written: AuditRecord[]): Promise<void> {
    const fields = jobs.flatMap((j) => j.fields);
    const starts: Array<{ readonly id: string; readonly at: number; readonly count: number }> = [];
    let offset = 0;
    for (const j of jobs) {
      if (j.requestId !== undefined) starts.push({ id: j.requestId, at: offset, count: j.fields.length });
      offset += j.fields.length;
    }
    for (let at = 0; at < fields.length; at += this.maxBatch) {
      const requests = starts.filter((r) => r.at >= at && r.at < at + this.maxBatch).map((r) => ({ ...r, at: r.at - at }));
      written.push(...(await this.writeChunk(fields.slice(at, at + this.maxBatch), requests)));
    }
  }

  /**
   * Writes one transaction. The entries are chained under the store's write lock from where the
   * stored chain ends then, so another writer (the daemon, a hook judging without it, a proxy)
   * appending meanwhile costs nothing: this one chains after it.
   */
  private async writeChunk(fields: readonly AuditFields[], requests: ReadonlyArray<{ readonly id: string; readonly at: number; readonly count: number }> = []): Promise<AuditRecord[]> {
    const built = await this.store.appendBuilt((end) => {
      const batch = chainBatch(this.stateAt(end), fields, this.clock(), this.policy, this.signer);
      const marks: RequestMark[] = requests.map((r) => ({ id: r.id, seq: batch.records[r.at]!.seq, count: r.count }));
      return { records: batch.records, checkpoints: batch.checkpoints, requests: marks, state: batch.state };
    });
    this.state = built.state;
    const last = built.checkpoints[built.checkpoints.length - 1];
    if (last) this.copyCheckpoint(last);
    return built.records;
  }

  /** This log's state moved to where the stored chain ends, if another writer appended since. */
  private stateAt(end: ChainEnd): ChainState {
    const s = this.state;
    if (end.tail?.seq === s.tail?.seq && end.tail?.hash === s.tail?.hash) return s;
    const endMs = end.time === null ? 0 : Date.parse(end.time);
    return {
      tail: end.tail,
      lastTimeMs: Math.max(s.lastTimeMs, Number.isFinite(endMs) ? endMs : 0),
      // Entries other writers stored count as unsigned here: this writer signs sooner, never later.
      unsigned: s.unsigned + Math.max(0, (end.tail?.seq ?? 0) - (s.tail?.seq ?? 0)),
      lastCheckpointMs: s.lastCheckpointMs,
    };
  }

  private readonly signer = (at: ChainPosition, time: string): SignedCheckpoint => signCheckpoint(this.key, 'checkpoint', at, time);

  private async signTail(): Promise<SignedCheckpoint | null> {
    const tail = this.state.tail;
    if (this.state.unsigned === 0 || tail === null) return null;
    const now = this.clock();
    const checkpoint = this.signer(tail, new Date(Math.max(now, this.state.lastTimeMs)).toISOString());
    await this.store.append([], [checkpoint]);
    this.state = { ...this.state, unsigned: 0, lastCheckpointMs: now };
    this.copyCheckpoint(checkpoint);
    return checkpoint;
  }

  private checkpointIfDue(): void {
    if (this.state.unsigned === 0 || this.clock() - this.state.lastCheckpointMs < this.policy.intervalMs) return;
    this.afterPending(() => this.signTail()).catch((error: unknown) => this.warn('could not sign an audit checkpoint', error));
  }

  private copyCheckpoint(c: SignedCheckpoint): void {
    try {
      this.options.checkpointCopy?.write(c);
    } catch (error) {
      this.warn('could not write the copy of the latest audit checkpoint', error);
    }
  }

  private readCopy(): SignedCheckpoint | null {
    return this.options.checkpointCopy?.read() ?? null;
  }

  private warn(message: string, cause: unknown): void {
    this.options.onWarning?.(message, cause);
  }
}
