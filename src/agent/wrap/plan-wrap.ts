// What `warden wrap` would change in one config file: every local server in it, rewritten to run
// through `warden proxy`, one entry at a time, each edit checked before the next. Nothing is
// written here; a file that cannot be read or parsed is refused whole.
import { readConfig, sha256 } from '../install/config-files.js';
import { applyEdits, type TextEdit } from '../install/text-edits.js';
import type { ConfigTarget } from './clients.js';
import { onlyEntryChanged } from './entry-check.js';
import { formatOf } from './formats.js';
import { proxyServerName, wrapCommand, type Launcher, type ProxyOptions } from './proxy-argv.js';
import type { Containers, FoundServer, ServerFormat, WrappedServer } from './server-format.js';
import { wroteEntry, type WrapChange } from './wrap-record.js';

export interface ServerReport {
  readonly name: string;
  readonly container: readonly string[];
  /**
   * wrap: this run puts it behind the proxy; wrapped: it runs through the proxy already; remote: a
   * url server (not wrapped: the gateway covers those); skipped: not named with --servers;
   * invalid: an entry Warden cannot read; error: its edit was refused.
   */
  readonly status: 'wrap' | 'wrapped' | 'remote' | 'skipped' | 'invalid' | 'error';
  readonly detail?: string;
  readonly disabled?: boolean;
}

export interface FilePlan {
  readonly client: ConfigTarget['client'];
  readonly file: string;
  readonly scope: ConfigTarget['scope'];
  readonly format: ConfigTarget['format'];
  /** change: the file changes; unchanged: nothing to wrap; missing: no such file; error: refused. */
  readonly status: 'change' | 'unchanged' | 'missing' | 'error';
  readonly message?: string;
  readonly servers: readonly ServerReport[];
  readonly text?: string;
  readonly change?: Omit<WrapChange, 'at'>;
}

export interface WrapPlanOptions {
  readonly launcher: Launcher;
  readonly proxy: ProxyOptions;
  /** Only these server names; all otherwise. */
  readonly only?: readonly string[];
  /** The entries of this file wrap recorded writing (the wrap record): those alone count as wrapped. */
  readonly ours?: readonly OwnEntry[];
}

/** An entry as wrap wrote it (see WrapPlanOptions.ours). */
type OwnEntry = Pick<WrappedServer, 'name' | 'container' | 'wrapped'>;

/**
 * The entry as wrap treats it. Wrapped means wrap recorded writing exactly this entry: one that only
 * looks wrapped (a config file's imitation, another Warden's launcher, a policy of its own) is a
 * local server like any other, wrapped again around its whole command line, so that whatever it
 * starts runs behind this proxy.
 */
function asWrapSees(server: FoundServer, o: WrapPlanOptions): FoundServer {
  const e = server.entry;
  if (e.kind !== 'wrapped' || wroteEntry(o.ours ?? [], server, e.server)) return server;
  return { ...server, entry: { kind: 'stdio', server: e.server, hasArgs: true, disabled: e.disabled } };
}

function report(server: FoundServer, o: WrapPlanOptions): ServerReport {
  const base = { name: server.name, container: server.container };
  const e = server.entry;
  if (e.kind === 'remote') return { ...base, status: 'remote', detail: e.url };
  if (e.kind === 'invalid') return { ...base, status: 'invalid', detail: e.reason };
  if (o.only && !o.only.includes(server.name)) return { ...base, status: 'skipped' };
  return { ...base, status: e.kind === 'wrapped' ? 'wrapped' : 'wrap', disabled: e.disabled };
}

const sameServer = (a: FoundServer, b: { name: string; container: readonly string[] }): boolean =>
  a.name === b.name && a.container.length === b.container.length && a.container.every((k, i) => k === b.container[i]);

export interface TextWrap {
  readonly servers: readonly ServerReport[];
  readonly text: string;
  readonly edits: readonly TextEdit[];
  readonly wrapped: WrapChange['servers'];
}

/**
 * Wraps every local server in a config's text, each edit checked before the next. `single`: the
 * server's name when the file itself may be one entry (ConfigTarget.single).
 */
export function wrapText(before: string, format: ServerFormat, containers: Containers, o: WrapPlanOptions, single?: string): TextWrap | { readonly error: string } {
  const listing = format.list(before, containers, single);
  if (listing.kind === 'error') return { error: listing.message };
  let current = before;
  const edits: TextEdit[] = [];
  const wrapped: WrapChange['servers'] = [];
  const final: ServerReport[] = [];
  for (const r of listing.servers.map((s) => report(asWrapSees(s, o), o))) {
    if (r.status !== 'wrap') {
      final.push(r);
      continue;
    }
    // Found again in the text as it is now, after the entries before it were edited.
    const now = format.list(current, containers, single);
    const found = now.kind === 'ok' ? now.servers.find((s) => sameServer(s, r)) : undefined;
    const server = found && asWrapSees(found, o);
    if (!server || server.entry.kind !== 'stdio') {
      final.push({ ...r, status: 'error', detail: 'could not be found again after the edits before it' });
      continue;
    }
    const next = wrapCommand(o.launcher, server.name, server.entry.server, o.proxy);
    const edit = format.wrap(current, server, next);
    const text = edit.kind === 'ok' ? applyEdits(current, edit.edits) : null;
    if (edit.kind === 'error' || text === null || !onlyEntryChanged(format, current, text, server.path, next)) {
      final.push({ ...r, status: 'error', detail: edit.kind === 'error' ? edit.message : 'the edit would change more than this entry; wrap it by hand' });
      continue;
    }
    current = text;
    edits.push(...edit.edits);
    wrapped.push({
      name: server.name,
      container: [...server.container],
      original: { command: server.entry.server.command, args: server.entry.hasArgs ? [...server.entry.server.args] : null },
      raw: edit.raw,
      wrapped: { command: next.command, args: [...next.args] },
    });
    const notes: string[] = [];
    if (found?.entry.kind === 'wrapped') notes.push('it looked wrapped, but not as Warden recorded wrapping it: wrapped again around it');
    const renamed = proxyServerName(server.name);
    if (renamed !== server.name) notes.push(`runs as --name ${renamed} (the proxy's names are letters, digits, . _ -)`);
    final.push(notes.length ? { ...r, detail: notes.join('; ') } : r);
  }
  return { servers: final, text: current, edits, wrapped };
}

export function planWrap(target: ConfigTarget, o: WrapPlanOptions): FilePlan {
  const base = { client: target.client, file: target.file, scope: target.scope, format: target.format };
  const read = readConfig(target.file);
  if (read.kind === 'missing') return { ...base, status: 'missing', servers: [] };
  if (read.kind === 'error') return { ...base, status: 'error', message: `not changed: ${read.message}`, servers: [] };
  const before = read.text;
  if (before.trim() === '') return { ...base, status: 'unchanged', servers: [] };
  const done = wrapText(before, formatOf(target.format), target.containers, o, target.single);
  if ('error' in done) return { ...base, status: 'error', message: `not changed: ${target.file} is ${done.error}; fix it first`, servers: [] };
  if (done.wrapped.length === 0) return { ...base, status: 'unchanged', servers: done.servers };
  const change = { before: sha256(before), after: sha256(done.text), edits: [...done.edits], servers: done.wrapped };
  return { ...base, status: 'change', servers: done.servers, text: done.text, change };
}
