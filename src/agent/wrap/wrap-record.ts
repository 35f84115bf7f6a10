// $WARDEN_HOME/wrap.json: each change `warden wrap` made to a client's config file, so that
// `warden unwrap` takes back exactly that and nothing else.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MCP_CLIENTS } from './clients.js';
import { replaceFile } from '../../audit/replace-file.js';

export const WRAP_RECORD_FILE = 'wrap.json';

const edit = z.object({ offset: z.number().int().nonnegative(), removed: z.string(), inserted: z.string() });
const command = z.object({ command: z.string(), args: z.array(z.string()) });
const server = z.object({
  name: z.string(),
  container: z.array(z.string()),
  original: z.object({ command: z.string(), args: z.array(z.string()).nullable() }),
  raw: z.object({ command: z.string(), args: z.string().nullable() }),
  wrapped: command,
});
const change = z.object({
  at: z.string(),
  /** sha256 of the text before and after, to tell whether the file changed since. */
  before: z.string(),
  after: z.string(),
  edits: z.array(edit),
  servers: z.array(server),
});
const fileRecord = z.object({ client: z.enum(MCP_CLIENTS), file: z.string(), format: z.enum(['json', 'toml', 'yaml']), changes: z.array(change) });
const record = z.object({ version: z.literal(1), files: z.array(fileRecord) });

export type WrapChange = z.infer<typeof change>;
export type FileRecord = z.infer<typeof fileRecord>;
export type WrapRecord = z.infer<typeof record>;

export const EMPTY_WRAP_RECORD: WrapRecord = { version: 1, files: [] };

/** The entries wrap recorded for one file, as it wrote them. */
export const wrappedIn = (r: WrapRecord, file: string): WrapChange['servers'] =>
  r.files.filter((f) => f.file === file).flatMap((f) => f.changes.flatMap((c) => c.servers));

/** Whether wrap recorded writing this entry exactly as it now reads: only then is it wrapped. */
export const wroteEntry = (
  ours: readonly { readonly name: string; readonly container: readonly string[]; readonly wrapped: { readonly command: string; readonly args: readonly string[] } }[],
  entry: { readonly name: string; readonly container: readonly string[] },
  command: { readonly command: string; readonly args: readonly string[] },
): boolean =>
  ours.some((w) => w.name === entry.name && w.container.length === entry.container.length && w.container.every((k, i) => k === entry.container[i])
    && w.wrapped.command === command.command && w.wrapped.args.length === command.args.length && w.wrapped.args.every((a, i) => a === command.args[i]));

export type WrapRecordRead = { readonly kind: 'ok'; readonly record: WrapRecord } | { readonly kind: 'error'; readonly message: string };

export function readWrapRecord(wardenHome: string): WrapRecordRead {
  const file = join(wardenHome, WRAP_RECORD_FILE);
  if (!existsSync(file)) return { kind: 'ok', record: EMPTY_WRAP_RECORD };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { kind: 'error', message: `cannot read ${file}: ${(error as Error).message}` };
  }
  const parsed = record.safeParse(value);
  return parsed.success ? { kind: 'ok', record: parsed.data } : { kind: 'error', message: `${file} is not a wrap record Warden wrote` };
}

/** Writes the record (0600, in a 0700 WARDEN_HOME); an empty record removes the file. */
export function writeWrapRecord(wardenHome: string, value: WrapRecord): void {
  const file = join(wardenHome, WRAP_RECORD_FILE);
  if (value.files.length === 0) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(wardenHome, { recursive: true, mode: 0o700 });
  replaceFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The record with one more change to a file. */
export function withWrapChange(value: WrapRecord, entry: Omit<FileRecord, 'changes'>, next: WrapChange): WrapRecord {
  const existing = value.files.find((f) => f.file === entry.file);
  const others = value.files.filter((f) => f.file !== entry.file);
  return { version: 1, files: [...others, existing ? { ...existing, changes: [...existing.changes, next] } : { ...entry, changes: [next] }] };
}
