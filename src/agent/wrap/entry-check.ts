// The safety net under every edit: the file, parsed again, must equal the file before with one
// entry's `command` and `args` changed and nothing else. An edit that fails this is not written.
import { sameJson } from '../install/json-document.js';
import type { ServerFormat } from './server-format.js';

export interface EntryCommand {
  readonly command: string;
  /** null: no `args` key. */
  readonly args: readonly string[] | null;
}

function withEntry(doc: unknown, path: readonly string[], next: EntryCommand): unknown {
  const copy = structuredClone(doc);
  const entry = path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), copy);
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  e.command = next.command;
  if (next.args === null) delete e.args;
  else e.args = [...next.args];
  return copy;
}

/** True when `after` reads as `before` with only the entry at `path` running `next`. */
export function onlyEntryChanged(format: ServerFormat, before: string, after: string, path: readonly string[], next: EntryCommand): boolean {
  const a = format.read(before);
  const b = format.read(after);
  if (a === null || b === null) return false;
  return sameJson(withEntry(a, path, next), b);
}
