// Uploading the host's audit log to the control plane: the local log is the spool. Each round
// asks the server where its copy ends and sends what follows, in batches with the checkpoints
// that sign them; a batch sent twice is stored once, so a crash or an outage at any point loses
// nothing and duplicates nothing. Where the server's copy ends is kept in $WARDEN_HOME/upload-cursor.json,
// so that `warden audit prune` keeps every entry the server has not received.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditStore } from '../../audit/audit-store.js';
import type { SignedCheckpoint } from '../../audit/checkpoint.js';
import { recordJson } from '../../audit/export/record-json.js';
import { failure, HostApiError, type HostApi } from './host-api.js';
import { replaceFile } from '../../audit/replace-file.js';

export const UPLOAD_BATCH = 1_000;
export const UPLOAD_CURSOR_FILE = 'upload-cursor.json';

/** The last entry a control plane holds of this host's log, as it said so last. */
export interface UploadCursor {
  readonly server: string;
  readonly hostId: string;
  /** The highest seq the server holds without a gap (0: nothing yet). */
  readonly stored: number;
  readonly at: string;
}

/** The cursor for this server and host; null when there is none, or it is for another enrollment or unreadable. */
export function readUploadCursor(wardenHome: string, server: string, hostId: string): UploadCursor | null {
  try {
    const value = JSON.parse(readFileSync(join(wardenHome, UPLOAD_CURSOR_FILE), 'utf8')) as Partial<UploadCursor> | null;
    if (value?.server !== server || value.hostId !== hostId || typeof value.stored !== 'number' || !Number.isSafeInteger(value.stored) || value.stored < 0) return null;
    return { server, hostId, stored: value.stored, at: typeof value.at === 'string' ? value.at : '' };
  } catch {
    return null;
  }
}

/** Replaces the cursor file whole (written aside, then renamed), mode 0600. */
export function writeUploadCursor(wardenHome: string, cursor: Omit<UploadCursor, 'at'>, now = new Date()): void {
  const file = join(wardenHome, UPLOAD_CURSOR_FILE);
  replaceFile(file, `${JSON.stringify({ ...cursor, at: now.toISOString() })}\n`);
}

export interface UploadRound {
  /** Entries the server took in this round. */
  readonly uploaded: number;
  /** The highest sequence number the server now holds without a gap. */
  readonly stored: number;
  /** Integrity problems the server found, as it reported them. */
  readonly integrity: readonly unknown[];
}

async function serverHead(api: HostApi): Promise<number> {
  const res = await api.request('GET', '/host/audit/head');
  if (res.status !== 200) throw await failure(res, 'cannot read the upload position');
  const { stored } = (await res.json()) as { stored?: unknown };
  if (stored !== null && (typeof stored !== 'number' || !Number.isSafeInteger(stored) || stored < 0)) throw new HostApiError('the control plane sent an upload position of the wrong shape', 502);
  return stored ?? 0;
}

/** `onStored` hears where the server's copy ends each time the server says so (to keep the cursor). */
export async function uploadRound(api: HostApi, store: AuditStore, batch = UPLOAD_BATCH, signal?: AbortSignal, onStored?: (stored: number) => void): Promise<UploadRound> {
  let stored = await serverHead(api);
  onStored?.(stored);
  let uploaded = 0;
  const integrity: unknown[] = [];
  let checkpoints: SignedCheckpoint[] | null = null;
  for (;;) {
    if (signal?.aborted) break;
    const records = await store.readRange(stored + 1, batch);
    if (records.length === 0) break;
    const first = records[0]!.seq;
    const last = records[records.length - 1]!.seq;
    checkpoints ??= await store.checkpoints();
    const signing = checkpoints.filter((c) => c.seq >= first && c.seq <= last);
    const res = await api.request('POST', '/host/audit', { entries: records.map(recordJson), checkpoints: signing });
    if (res.status !== 200) throw await failure(res, 'audit upload refused');
    const answer = (await res.json()) as { stored?: unknown; accepted?: unknown; integrity?: unknown };
    if (typeof answer.stored !== 'number' || typeof answer.accepted !== 'number') throw new HostApiError('the control plane sent an upload answer of the wrong shape', 502);
    if (Array.isArray(answer.integrity)) integrity.push(...(answer.integrity as unknown[]));
    uploaded += answer.accepted;
    if (answer.stored <= stored) {
      // The server cannot continue from here (entries it lacks were pruned on this host first).
      throw new HostApiError(`the control plane holds entries up to ${stored} and cannot continue from ${first}`, 409);
    }
    stored = answer.stored;
    onStored?.(stored);
  }
  return { uploaded, stored, integrity };
}
