// `warden uninstall`: takes back what install recorded, and nothing else. A file untouched since
// install gets its exact bytes back; one edited since loses only Warden's entries, found by value;
// an entry the user changed stays, and the report says so.
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { HookAgent } from '../../intercept/hooks/index.js';
import { isWardenEntry, jsonInstall } from './agents.js';
import { backupFile, deleteConfig, readConfig, removeEmptyDirs, sha256, writeConfig } from './config-files.js';
import { readRecord, writeRecord, type AgentRecord } from './install-record.js';
import { removeJsonHooks } from './json-hooks.js';
import { revertEdits } from './text-edits.js';
import { removeTomlBlock } from './toml-block.js';

export interface UninstallOptions {
  /** Only these agents; every recorded one otherwise. */
  readonly agents?: readonly HookAgent[];
  readonly wardenHome: string;
  readonly dryRun: boolean;
  readonly now: Date;
}

export interface AgentUninstall {
  readonly agent: HookAgent;
  readonly file: string;
  /** removed: Warden's hooks are gone (deleted: with the file install created); left: changed since install, kept; gone: already removed; error: not touched. */
  readonly status: 'removed' | 'deleted' | 'left' | 'gone' | 'error';
  readonly message?: string;
  readonly backup?: string;
  readonly notes: readonly string[];
}

export interface UninstallReport {
  readonly dryRun: boolean;
  readonly wardenHome: string;
  readonly agents: readonly AgentUninstall[];
  /** Agents named that install never recorded. */
  readonly notInstalled: readonly HookAgent[];
}

type Outcome = { text: string | null; status: AgentUninstall['status']; notes: string[]; message?: string };

/** Every change reverted in turn while the file is exactly as the change left it. */
function exactRevert(text: string, entry: AgentRecord): string | null {
  let current = text;
  for (const change of [...entry.changes].reverse()) {
    if (sha256(current) !== change.after) return null;
    const previous = revertEdits(current, change.edits);
    if (previous === null || sha256(previous) !== change.before) return null;
    current = previous;
  }
  return current;
}

function structuralRemove(text: string, entry: AgentRecord): Outcome {
  if (entry.format === 'toml') {
    let current = text;
    const notes: string[] = [];
    let removed = 0;
    for (const change of [...entry.changes].reverse()) {
      const r = removeTomlBlock(current, change.edits[0]?.inserted ?? '', change.block ?? '');
      if (r.kind === 'removed') {
        current = r.text;
        removed++;
      } else if (r.kind === 'changed') notes.push('the Warden block in this file was changed since install; left as it is');
    }
    return { text: current, status: removed > 0 ? 'removed' : notes.length > 0 ? 'left' : 'gone', notes };
  }
  const added = entry.changes.flatMap((c) => c.added ?? []);
  const spec = { isOurs: isWardenEntry(entry.agent), skeleton: jsonInstall(entry.agent, '', null).skeleton };
  const r = removeJsonHooks(text, added, spec, entry.createdFile);
  if (r.kind === 'error') return { text, status: 'error', notes: [], message: `not changed: ${entry.file} is ${r.message}` };
  const notes = r.changed.length > 0 ? [`Warden's entry for ${r.changed.join(', ')} was changed since install; left as it is`] : [];
  const status = r.text === null ? 'deleted' : r.removed.length > 0 ? 'removed' : r.changed.length > 0 ? 'left' : 'gone';
  return { text: r.text, status, notes };
}

function uninstallAgent(entry: AgentRecord, o: UninstallOptions): AgentUninstall {
  const base = { agent: entry.agent, file: entry.file };
  const read = readConfig(entry.file);
  if (read.kind === 'missing') return { ...base, status: 'gone', notes: ['the file is gone already'] };
  if (read.kind === 'error') return { ...base, status: 'error', message: `not changed: ${read.message}`, notes: [] };
  const exact = exactRevert(read.text, entry);
  const outcome: Outcome = exact !== null
    ? { text: entry.createdFile && exact === '' ? null : exact, status: entry.createdFile && exact === '' ? 'deleted' : 'removed', notes: [] }
    : structuralRemove(read.text, entry);
  if (outcome.status === 'error') return { ...base, status: 'error', message: outcome.message, notes: outcome.notes };
  if (o.dryRun || outcome.text === read.text) return { ...base, status: outcome.status, notes: outcome.notes };
  const backup = backupFile(entry.file, join(o.wardenHome, 'backups', entry.agent), o.now);
  if (outcome.text === null) {
    deleteConfig(entry.file);
    removeEmptyDirs(entry.createdDirs);
  } else writeConfig(entry.file, outcome.text);
  return { ...base, status: outcome.status, notes: outcome.notes, backup };
}

export function runUninstall(o: UninstallOptions): UninstallReport {
  const read = readRecord(o.wardenHome);
  if (read.kind === 'error') throw new UsageError(`${read.message}; nothing was changed`);
  const { record } = read;
  const chosen = record.agents.filter((a) => !o.agents || o.agents.includes(a.agent));
  const notInstalled = (o.agents ?? []).filter((agent) => !record.agents.some((a) => a.agent === agent));
  const agents: AgentUninstall[] = [];
  let remaining = record.agents;
  for (const entry of chosen) {
    const result = uninstallAgent(entry, o);
    agents.push(result);
    // An error leaves the record, so that a later run can try again.
    if (result.status !== 'error') remaining = remaining.filter((a) => a !== entry);
    if (!o.dryRun) writeRecord(o.wardenHome, { version: 1, agents: remaining });
  }
  return { dryRun: o.dryRun, wardenHome: o.wardenHome, agents, notInstalled };
}
