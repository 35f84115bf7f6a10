// The session's hold hook backed by the shared approval queue: an ask call becomes a pending row
// that `warden approvals approve|reject` decides from any process; this side polls for the
// decision, rejects when the time is up, withdraws the row when the caller goes away, and closes it
// as cancelled when the client cancels the call. The answer's note says who decided, when and why,
// and goes into the audit record and the client's error.
import { redactText } from '../../../core/detect/redact.js';
import type { ApprovalQueue, HeldCallRow } from '../../../store/approvals/approval-queue.js';
import { clipForLog } from '../../../audit/clip.js';
import type { HeldCall, HoldAnswer } from '../session-types.js';

export interface ApprovalHolderOptions {
  readonly queue: ApprovalQueue;
  /** Which process holds the calls, as `warden approvals list` shows it. */
  readonly holder: string;
  readonly timeoutMs: number;
  /** How often the queue is read for decisions (default 200 ms). */
  readonly pollMs?: number;
  readonly clock?: () => number;
  readonly warn?: (message: string) => void;
  /** Told of each call as it is held and as it is settled (for logs). */
  readonly onHeld?: (row: HeldCallRow) => void;
  readonly onSettled?: (row: HeldCallRow) => void;
}

export interface HoldExtras {
  /** Aborting withdraws the held call (the client went away). */
  readonly signal?: AbortSignal;
  readonly session?: string | null;
  /** Told the row once it is in the queue. */
  readonly onHeld?: (row: HeldCallRow) => void;
}

interface Waiting {
  readonly row: HeldCallRow;
  readonly resolve: (answer: HoldAnswer) => void;
  readonly timer: NodeJS.Timeout;
  readonly cleanup: () => void;
}

export function answerOf(row: HeldCallRow, timeoutMs: number): HoldAnswer {
  const ref = `(approval ${row.id})`;
  const why = row.note ? `: ${row.note}` : '';
  switch (row.status) {
    case 'approved':
      return { answer: 'approved', note: `approved by ${row.decidedBy ?? 'someone'} at ${row.decidedAt ?? '?'}${why} ${ref}` };
    case 'rejected':
      return { answer: 'rejected', note: `rejected by ${row.decidedBy ?? 'someone'} at ${row.decidedAt ?? '?'}${why} ${ref}` };
    case 'expired':
      return { answer: 'rejected', note: `no one approved it within ${Math.round(timeoutMs / 1000)} s, so it was rejected ${ref}` };
    case 'withdrawn':
      return { answer: 'rejected', note: `withdrawn before a decision${why} ${ref}` };
    case 'cancelled':
      return { answer: 'rejected', note: `cancelled by the client before a decision ${ref}`, cancelled: true };
    case 'pending':
      return { answer: 'rejected', note: `still pending ${ref}` };
  }
}

export class ApprovalHolder {
  private readonly waiting = new Map<string, Waiting>();
  private poller: NodeJS.Timeout | null = null;
  private readonly clock: () => number;

  constructor(private readonly o: ApprovalHolderOptions) {
    this.clock = o.clock ?? Date.now;
  }

  get pending(): number {
    return this.waiting.size;
  }

  /** Holds one call until a person decides, the time is up, or the caller goes away. */
  hold(call: HeldCall, extras: HoldExtras = {}): Promise<HoldAnswer> {
    if (extras.signal?.aborted) return Promise.resolve({ answer: 'rejected', note: 'the client went away before it could be held' });
    let row: HeldCallRow;
    try {
      row = this.add(call, extras);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.o.onHeld?.(row);
    extras.onHeld?.(row);
    return new Promise<HoldAnswer>((resolve) => {
      const onAbort = (): void => this.finish(row.id, 'withdrawn', 'the client went away');
      const onCancel = (): void => this.finish(row.id, 'cancelled', 'the client cancelled the request (notifications/cancelled)');
      extras.signal?.addEventListener('abort', onAbort, { once: true });
      call.cancelled?.addEventListener('abort', onCancel, { once: true });
      const timer = setTimeout(() => this.finish(row.id, 'expired', `no decision within ${Math.round(this.o.timeoutMs / 1000)} s`), this.o.timeoutMs);
      this.waiting.set(row.id, {
        row, resolve, timer,
        cleanup: () => {
          extras.signal?.removeEventListener('abort', onAbort);
          call.cancelled?.removeEventListener('abort', onCancel);
        },
      });
      if (call.cancelled?.aborted) onCancel();
      this.startPolling();
    });
  }

  private add(call: HeldCall, extras: HoldExtras): HeldCallRow {
    return this.o.queue.add({
      subject: `${call.event.server}/${call.event.tool}`,
      arguments: clipForLog(call.event.arguments),
      reason: redactText(call.decision.reason),
      rule: call.decision.rule,
      severity: call.decision.severity,
      holder: this.o.holder,
      session: extras.session ?? call.event.context.session ?? null,
      expiresAt: new Date(this.clock() + this.o.timeoutMs).toISOString(),
    });
  }

  /** Withdraws every call still held (shutdown). */
  close(why = 'Warden stopped'): void {
    for (const id of [...this.waiting.keys()]) this.finish(id, 'withdrawn', why);
    this.stopPolling();
  }

  /** Settles one call this side (timeout, withdrawal); whoever decided first wins. */
  private finish(id: string, status: 'expired' | 'withdrawn' | 'cancelled', note: string): void {
    const w = this.waiting.get(id);
    if (!w) return;
    let row: HeldCallRow | undefined;
    try {
      row = this.o.queue.settle(id, status, 'warden', note);
    } catch (error) {
      this.o.warn?.(`could not record that ${id} was ${status}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.deliver(row ?? { ...w.row, status, note, decidedBy: 'warden', decidedAt: new Date(this.clock()).toISOString() });
  }

  private deliver(row: HeldCallRow): void {
    const w = this.waiting.get(row.id);
    if (!w) return;
    this.waiting.delete(row.id);
    clearTimeout(w.timer);
    w.cleanup();
    if (this.waiting.size === 0) this.stopPolling();
    this.o.onSettled?.(row);
    w.resolve(answerOf(row, this.o.timeoutMs));
  }

  private poll(): void {
    let rows: HeldCallRow[];
    try {
      rows = this.o.queue.settled([...this.waiting.keys()]);
    } catch (error) {
      this.o.warn?.(`reading the approval queue failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const row of rows) this.deliver(row);
  }

  private startPolling(): void {
    if (this.poller) return;
    this.poller = setInterval(() => this.poll(), this.o.pollMs ?? 200);
  }

  private stopPolling(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
  }
}
