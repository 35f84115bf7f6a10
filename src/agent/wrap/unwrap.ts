// `warden unwrap`: takes back what wrap recorded, and nothing else. A file untouched since wrap gets
// its exact bytes back; in a file edited since, each wrapped entry gets its own command and args
// back (from the record, or from its command line after `--` when the entry itself was edited).
import { resolve, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { backupFile, readConfig, sha256, writeConfig } from '../install/config-files.js';
import { applyEdits, revertEdits } from '../install/text-edits.js';
import type { McpClient } from './clients.js';
import { onlyEntryChanged } from './entry-check.js';
import { formatOf } from './formats.js';
import { classifyEntry } from './server-entry.js';
import { readWrapRecord, writeWrapRecord, type FileRecord, type WrapChange } from './wrap-record.js';

export interface UnwrapOptions {
  /** Only these clients' files; every recorded file otherwise. */
  readonly clients?: readonly McpClient[];
  readonly configFile?: string;
  readonly servers?: readonly string[];
  readonly wardenHome: string;
  readonly dryRun: boolean;
  readonly now: Date;
}

export interface ServerUnwrap {
  readonly name: string;
  readonly container: readonly string[];
  /** restored: as it was; edited: edited since wrap, restored from its command line; gone: no longer there or no longer wrapped; error: left as it is. */
  readonly status: 'restored' | 'edited' | 'gone' | 'error';
  readonly detail?: string;
}

export interface FileUnwrap {
  readonly client: McpClient;
  readonly file: string;
  /** exact: the file's bytes from before wrap; entries: only Warden's entries changed back; gone: the file is gone; error: not touched. */
  readonly status: 'exact' | 'entries' | 'gone' | 'error';
  readonly message?: string;
  readonly servers: readonly ServerUnwrap[];
  readonly backup?: string;
}

export interface UnwrapReport {
  readonly dryRun: boolean;
  readonly files: readonly FileUnwrap[];
  readonly warnings: readonly string[];
}

type Recorded = WrapChange['servers'][number];
const keyOf = (s: { name: string; container: readonly string[] }): string => JSON.stringify([...s.container, s.name]);
const recordedIn = (f: FileRecord): Recorded[] => f.changes.flatMap((c) => c.servers);

/** Every change reverted in turn while the file is exactly as the change left it. */
function exactRevert(text: string, f: FileRecord): string | null {
  let current = text;
  for (const change of [...f.changes].reverse()) {
    if (sha256(current) !== change.after) return null;
    const previous = revertEdits(current, change.edits);
    if (previous === null || sha256(previous) !== change.before) return null;
    current = previous;
  }
  return current;
}

function byEntry(text: string, f: FileRecord, chosen: (s: Recorded) => boolean): { text: string; servers: ServerUnwrap[] } {
  const format = formatOf(f.format);
  let current = text;
  const servers: ServerUnwrap[] = [];
  for (const s of [...recordedIn(f)].reverse().filter(chosen)) {
    const base = { name: s.name, container: s.container };
    const r = format.restore(current, s);
    if (r.kind !== 'ok' && r.kind !== 'error') {
      servers.push({ ...base, status: 'gone', detail: r.kind === 'missing' ? 'no longer in the file' : 'no longer runs through Warden' });
      continue;
    }
    if (r.kind === 'error') {
      servers.push({ ...base, status: 'error', detail: r.message });
      continue;
    }
    const next = applyEdits(current, r.edits);
    // What the entry should read as afterwards, checked like every wrap edit.
    const doc = format.read(current);
    const path = format.entryPath(doc, s.container, s.name);
    const entry = path === null ? null : classifyEntry(pathValue(doc, path));
    const original = entry?.kind === 'wrapped' ? (r.changed ? entry.original : { command: s.original.command, args: s.original.args ?? [] }) : null;
    const keepArgs = r.changed ? !(s.original.args === null && original?.args.length === 0) : s.original.args !== null;
    if (!original || path === null || !onlyEntryChanged(format, current, next, path, { command: original.command, args: keepArgs ? original.args : null })) {
      servers.push({ ...base, status: 'error', detail: 'the edit would change more than this entry; restore it by hand' });
      continue;
    }
    current = next;
    servers.push({ ...base, status: r.changed ? 'edited' : 'restored', detail: r.changed ? 'edited since wrap; restored from its command line after "--"' : undefined });
  }
  return { text: current, servers: servers.reverse() };
}

const pathValue = (doc: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined), doc);

function unwrapFile(f: FileRecord, o: UnwrapOptions): FileUnwrap {
  const base = { client: f.client, file: f.file };
  const chosen = (s: Recorded): boolean => !o.servers || o.servers.includes(s.name);
  const read = readConfig(f.file);
  if (read.kind === 'missing') return { ...base, status: 'gone', servers: [] };
  if (read.kind === 'error') return { ...base, status: 'error', message: `not changed: ${read.message}`, servers: [] };
  const all = recordedIn(f).every(chosen);
  const exact = all ? exactRevert(read.text, f) : null;
  const result = exact !== null
    ? { text: exact, servers: recordedIn(f).map((s): ServerUnwrap => ({ name: s.name, container: s.container, status: 'restored' })), status: 'exact' as const }
    : { ...byEntry(read.text, f, chosen), status: 'entries' as const };
  if (o.dryRun || result.text === read.text) return { ...base, status: result.status, servers: result.servers };
  try {
    const backup = backupFile(f.file, join(o.wardenHome, 'backups', f.client), o.now);
    writeConfig(f.file, result.text);
    return { ...base, status: result.status, servers: result.servers, backup };
  } catch (error) {
    return { ...base, status: 'error', message: `not changed: cannot write ${f.file}: ${error instanceof Error ? error.message : String(error)}`, servers: [] };
  }
}

/** The record without what this run took back (errors stay, so that a later run can try again). */
function remaining(f: FileRecord, done: FileUnwrap): FileRecord | null {
  // A file not there now may be back later (a folder moved, a link's target unmounted): the record
  // stays, so that unwrap can still restore it then.
  if (done.status === 'gone' || done.status === 'error') return f;
  const outcome = new Map(done.servers.map((d) => [keyOf(d), d.status]));
  const kept = (s: Recorded): boolean => (outcome.get(keyOf(s)) ?? 'error') === 'error';
  const changes = f.changes.map((c) => ({ ...c, servers: c.servers.filter(kept) })).filter((c) => c.servers.length > 0);
  return changes.length > 0 ? { ...f, changes } : null;
}

export function runUnwrap(o: UnwrapOptions): UnwrapReport {
  const read = readWrapRecord(o.wardenHome);
  if (read.kind === 'error') throw new UsageError(`${read.message}; nothing was changed`);
  const wanted = o.configFile !== undefined ? resolve(o.configFile) : null;
  const chosen = read.record.files.filter((f) => (!o.clients || o.clients.includes(f.client)) && (wanted === null || resolve(f.file) === wanted));
  const files: FileUnwrap[] = [];
  const warnings: string[] = [];
  let record = read.record;
  for (const f of chosen) {
    const done = unwrapFile(f, o);
    files.push(done);
    const rest = remaining(f, done);
    record = { version: 1, files: record.files.flatMap((r) => (r === f ? (rest ? [rest] : []) : [r])) };
    if (o.dryRun) continue;
    try {
      writeWrapRecord(o.wardenHome, record);
    } catch (error) {
      // The file is restored; the record still names it, and a later unwrap finds nothing left to do there.
      warnings.push(`cannot update the wrap record in ${o.wardenHome}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { dryRun: o.dryRun, files, warnings };
}
