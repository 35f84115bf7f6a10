// The audit log: every evaluated action, appended to a hash chain in a store, with checkpoints
// signed by the host key. Appends are serialised within the process and committed in groups:
// appends that arrive while a write is in flight go into the next transaction together, and
// each promise resolves only once its entry is durable. A restart continues the chain from the
// last stored entry; stored entries are never re-hashed or repaired.
import type { AuditStore, PruneResult } from './audit-store.js';
import { chainBatch, type ChainState, type CheckpointPolicy } from './chain-batch.js';
import { signCheckpoint, type ChainPosition, type SignedCheckpoint } from './checkpoint.js';
import type { CheckpointCopy } from './checkpoint-copy.js';
import type { AuditEntryInput, AuditFields, AuditRecord } from './entry.js';
import { AuditConflictError, AuditError } from './errors.js';
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
  readonly resolve: (records: AuditRecord[]) => void;
  readonly reject: (error: unknown) => void;
}

const CONFLICT_RETRIES = 5;
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
    if (this.closed) return Promise.reject(new AuditError('CLOSED', 'the audit log is closed'));
    let fields: AuditFields[];
    try {
      fields = entries.map(normaliseEntry);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new AuditError('INVALID_ENTRY', String(error)));
    }
    if (fields.length === 0) return Promise.resolve([]);
    return new Promise<AuditRecord[]>((resolve, reject) => {
      this.pending.push({ fields, resolve, reject });
      if (!this.flushQueued) {
        this.flushQueued = true;
        // On the next turn of the event loop, so that every caller woken by the previous write
        // has queued its next entry: they all go into one transaction.
        setImmediate(() => void this.exclusive(() => this.flush()));
      }
    });
  }

  /** Signs the current end of the log now, if any entry is unsigned. */
  checkpoint(): Promise<SignedCheckpoint | null> {
    return this.afterPending(() => this.signTail());
  }

  /** Deletes entries older than `days` days, leaving a signed anchor so the rest still verifies. */
  prune(days: number): Promise<PruneResult> {
    if (!(days >= 0)) return Promise.reject(new AuditError('INVALID_ENTRY', `cannot prune entries older than ${days} days`));
    const before = new Date(this.clock() - days * DAY_MS).toISOString();
    return this.afterPending(() =>
      this.store.pruneBefore(before, (last) => signCheckpoint(this.key, 'anchor', { seq: last.seq, hash: last.hash }, new Date(this.clock()).toISOString())),
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

  /** Writes the jobs' entries in transactions of at most maxBatch; never rejects. */
  private async writeGroup(jobs: readonly Job[]): Promise<void> {
    const fields = jobs.flatMap((j) => j.fields);
    const written: AuditRecord[] = [];
    try {
      for (let at = 0; at < fields.length; at += this.maxBatch) {
        written.push(...(await this.writeChunk(fields.slice(at, at + this.maxBatch))));
      }
    } catch (error) {
      // Jobs wholly written before the failure succeeded; the rest fail (a job split over
      // transactions may be partly stored, and its caller learns it failed).
      let at = 0;
      for (const j of jobs) {
        const end = at + j.fields.length;
        if (end <= written.length) j.resolve(written.slice(at, end));
        else j.reject(error);
        at = end;
      }
      return;
    }
    let at = 0;
    for (const j of jobs) {
      j.resolve(written.slice(at, at + j.fields.length));
      at += j.fields.length;
    }
  }

  private async writeChunk(fields: readonly AuditFields[]): Promise<AuditRecord[]> {
    for (let attempt = 0; ; attempt++) {
      const batch = chainBatch(this.state, fields, this.clock(), this.policy, this.signer);
      try {
        await this.store.append(batch.records, batch.checkpoints);
      } catch (error) {
        if (!(error instanceof AuditConflictError) || attempt >= CONFLICT_RETRIES) throw error;
        // Another writer appended: chain from where the store now ends.
        this.state = await AuditLog.loadState(this.store, this.clock);
        continue;
      }
      this.state = batch.state;
      const last = batch.checkpoints[batch.checkpoints.length - 1];
      if (last) this.copyCheckpoint(last);
      return batch.records;
    }
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
