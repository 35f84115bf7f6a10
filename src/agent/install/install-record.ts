// $WARDEN_HOME/install.json: what `warden install` changed in each agent's config, so that
// `warden uninstall` takes back exactly that and nothing else.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isHookAgent, type HookAgent } from '../../intercept/hooks/index.js';
import type { AddedEntry } from './json-hooks.js';
import type { TextEdit } from './text-edits.js';
import { replaceFile } from '../../audit/replace-file.js';

export const RECORD_FILE = 'install.json';

/** One run of install that changed a file. */
export interface FileChange {
  readonly at: string;
  /** sha256 of the text before and after, to tell whether the file changed since. */
  readonly before: string;
  readonly after: string;
  readonly edits: readonly TextEdit[];
  /** JSON configs: the entries added, found again by value when the file changed since. */
  readonly added?: readonly AddedEntry[];
  /** Codex config.toml: the block appended. */
  readonly block?: string;
}

export interface AgentRecord {
  readonly agent: HookAgent;
  readonly file: string;
  readonly format: 'json' | 'toml';
  readonly createdFile: boolean;
  /** Directories created for the file, outermost first; removed on uninstall when empty. */
  readonly createdDirs: readonly string[];
  readonly changes: readonly FileChange[];
}

export interface InstallRecord {
  readonly version: 1;
  readonly agents: readonly AgentRecord[];
}

export const EMPTY_RECORD: InstallRecord = { version: 1, agents: [] };

export type RecordRead = { readonly kind: 'ok'; readonly record: InstallRecord } | { readonly kind: 'error'; readonly message: string };

const isRecordShape = (value: unknown): value is InstallRecord =>
  typeof value === 'object' && value !== null && (value as InstallRecord).version === 1 && Array.isArray((value as InstallRecord).agents) &&
  (value as InstallRecord).agents.every((a) => isHookAgent(a.agent) && typeof a.file === 'string' && Array.isArray(a.changes) && Array.isArray(a.createdDirs));

export function readRecord(wardenHome: string): RecordRead {
  const file = join(wardenHome, RECORD_FILE);
  if (!existsSync(file)) return { kind: 'ok', record: EMPTY_RECORD };
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isRecordShape(value)) return { kind: 'error', message: `${file} is not an install record Warden wrote` };
    return { kind: 'ok', record: value };
  } catch (error) {
    return { kind: 'error', message: `cannot read ${file}: ${(error as Error).message}` };
  }
}

export function writeRecord(wardenHome: string, record: InstallRecord): void {
  const file = join(wardenHome, RECORD_FILE);
  if (record.agents.length === 0) {
    rmSync(file, { force: true });
    return;
  }
  replaceFile(file, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * The record with one more change to an agent's file: a new entry when it is the first, or when the
 * change created the file (whatever was recorded for it before went with the old file).
 */
export function withChange(record: InstallRecord, entry: Omit<AgentRecord, 'changes'>, change: FileChange): InstallRecord {
  const existing = record.agents.find((a) => a.agent === entry.agent && a.file === entry.file && !entry.createdFile);
  const others = record.agents.filter((a) => !(a.agent === entry.agent && a.file === entry.file));
  const updated: AgentRecord = existing ? { ...existing, changes: [...existing.changes, change] } : { ...entry, changes: [change] };
  return { version: 1, agents: [...others, updated] };
}
