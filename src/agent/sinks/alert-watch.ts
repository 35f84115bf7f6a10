// `warden watch`: follows the host's audit log and hands every entry that raises an alert to a
// destination (a webhook, a JSONL file), in order, at least once. Where it got to is kept per
// destination in $WARDEN_HOME/watch/ (0600): a restart neither loses an alert nor sends the ones
// already sent again (an alert being sent when the process died is sent again).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditStore } from '../../audit/audit-store.js';
import { acquireLock, releaseLock, runs, type LockKind } from '../daemon/lock-file.js';
import { SEVERITIES, type Severity } from '../../core/vocabulary.js';
import { alertOf, type Alert } from './alert-payloads.js';
import type { PostResult } from './webhook-post.js';
import { replaceFile } from '../../audit/replace-file.js';

export interface Destination {
  /** Names the destination for its cursor file; hashed, never stored or shown (it may hold a token). */
  readonly key: string;
  /** Hands one alert over; `retry` is tried again after a pause, `refused` stops the watch. */
  deliver(alert: Alert): Promise<PostResult>;
}

export interface WatchOptions {
  readonly store: AuditStore;
  readonly destination: Destination;
  readonly wardenHome: string;
  /** Only alerts of this severity or above. */
  readonly minSeverity: Severity;
  /** Without a cursor yet: from the log's first entry (true) or from its end (false: new alerts only). */
  readonly fromStart: boolean;
  /** Deliver what is there and stop (else follow the log until `signal` aborts). */
  readonly once: boolean;
  /** How often the log is read again when nothing is new. */
  readonly intervalMs: number;
  /** With `once`: tries per alert before giving up (following, it tries until it is delivered or stopped). */
  readonly maxTries: number;
  readonly signal?: AbortSignal;
  readonly onStart?: (from: number, resumed: boolean) => void;
  readonly onDelivered?: (alert: Alert) => void;
  readonly onRetry?: (alert: Alert, reason: string, waitMs: number) => void;
  /** The log ends before where the watch got to: it was replaced by a new one, read from its start. */
  readonly onRestart?: (was: number, end: number) => void;
  /** Pauses; tests make them instant. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface WatchResult {
  readonly delivered: number;
  /** The last entry read (every alert up to it delivered). */
  readonly through: number;
  /** Why the watch stopped early: an alert refused, or not delivered within maxTries. */
  readonly failure?: string;
}

const PAGE = 200;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;
const rank = (s: Severity): number => SEVERITIES.indexOf(s);

export const cursorFile = (wardenHome: string, key: string): string =>
  join(wardenHome, 'watch', `${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`);

function readCursor(file: string): number | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as { through?: unknown } | null;
    return typeof value?.through === 'number' && Number.isSafeInteger(value.through) && value.through >= 0 ? value.through : null;
  } catch {
    return null;
  }
}

/** Replaces the cursor whole (written aside, then renamed), mode 0600; its directory exists (watchAlerts made it). */
function writeCursor(file: string, through: number): void {
  replaceFile(file, `${JSON.stringify({ version: 1, through, at: new Date().toISOString() })}\n`);
}

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Hands one alert over, trying again with growing pauses; null once delivered, else why it was not. */
async function deliverOne(alert: Alert, o: WatchOptions): Promise<string | null> {
  const sleep = o.sleep ?? defaultSleep;
  let wait = FIRST_BACKOFF_MS;
  for (let tries = 1; ; tries++) {
    const r = await o.destination.deliver(alert);
    if (r.kind === 'delivered') return null;
    if (r.kind === 'refused') return r.reason;
    if ((o.once && tries >= o.maxTries) || o.signal?.aborted) return `${r.reason}; not delivered after ${tries} tr${tries === 1 ? 'y' : 'ies'}`;
    o.onRetry?.(alert, r.reason, wait);
    await sleep(wait, o.signal);
    if (o.signal?.aborted) return `${r.reason}; stopped before it was delivered`;
    wait = Math.min(wait * 2, MAX_BACKOFF_MS);
  }
}

/** One watch per destination: two would each send every alert. */
const WATCH_LOCK: LockKind = {
  owns: (pid) => runs(pid, (args) => args.includes('watch')),
  held: (pid) => `a warden watch for this destination is already running (pid ${pid})`,
};

/** Throws ALREADY_RUNNING when another watch for the same destination runs. */
export async function watchAlerts(o: WatchOptions): Promise<WatchResult> {
  const file = cursorFile(o.wardenHome, o.destination.key);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const lock = `${file}.lock`;
  acquireLock(lock, WATCH_LOCK);
  try {
    return await watchLocked(file, o);
  } finally {
    releaseLock(lock);
  }
}

async function watchLocked(file: string, o: WatchOptions): Promise<WatchResult> {
  const saved = readCursor(file);
  let through = saved ?? (o.fromStart ? 0 : (await o.store.last())?.seq ?? 0);
  if (saved === null) writeCursor(file, through);
  o.onStart?.(through, saved !== null);
  let delivered = 0;
  const sleep = o.sleep ?? defaultSleep;
  while (!o.signal?.aborted) {
    const records = await o.store.readRange(through + 1, PAGE);
    for (const r of records) {
      const alert = alertOf(r);
      if (alert && rank(alert.severity) >= rank(o.minSeverity)) {
        const failure = await deliverOne(alert, o);
        if (failure !== null) return { delivered, through, failure };
        delivered++;
        o.onDelivered?.(alert);
      }
      through = r.seq;
      // Kept after every alert: what was delivered is never delivered again after a restart.
      if (alert) writeCursor(file, through);
      if (o.signal?.aborted) break;
    }
    if (records.length > 0) writeCursor(file, through);
    if (records.length === PAGE) continue;
    if (records.length === 0) {
      // A log whose chain ends before the cursor is another log (a new audit.db): its alerts are new.
      const end = (await o.store.head())?.seq ?? 0;
      if (end < through) {
        o.onRestart?.(through, end);
        through = 0;
        writeCursor(file, through);
        continue;
      }
    }
    if (o.once) break;
    await sleep(o.intervalMs, o.signal);
  }
  return { delivered, through };
}
