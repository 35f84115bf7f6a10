// What `warden wrap`, `warden wrap --list` and `warden unwrap` tell a person.
import { CLIENT_TITLES, type McpClient } from '../../agent/wrap/clients.js';
import type { ListedFile } from '../../agent/wrap/list.js';
import type { ServerReport } from '../../agent/wrap/plan-wrap.js';
import type { UnwrapReport } from '../../agent/wrap/unwrap.js';
import type { WrapReport } from '../../agent/wrap/wrap.js';
import { styler } from '../style.js';

/** A path with the home directory shown as ~. */
export const tilde = (home: string) => (path: string): string => (home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path);

/** A server's name, with the project it belongs to when Claude Code keeps it per project. */
const serverLabel = (s: { name: string; container: readonly string[] }): string =>
  s.container[0] === 'projects' && s.container.length === 3 ? `${s.name} (project ${s.container[1]})` : s.name;

const names = (servers: readonly ServerReport[], status: ServerReport['status']): string[] => servers.filter((s) => s.status === status).map(serverLabel);

export function printWrap(r: WrapReport, home: string): void {
  const s = styler();
  const p = tilde(home);
  const verb = (past: string, present: string): string => (r.dryRun ? `would ${present}` : past);
  if (r.dryRun) console.log(s.bold('dry run: nothing is changed'));
  const clients = [...new Set(r.files.map((f) => f.client))];
  for (const client of clients) {
    const title = CLIENT_TITLES[client];
    const files = r.files.filter((f) => f.client === client);
    if (files.every((f) => f.status === 'missing')) {
      console.log(`${title}: no MCP config found (looked for ${files.map((f) => p(f.file)).join(', ')})`);
      continue;
    }
    for (const f of files.filter((x) => x.status !== 'missing')) {
      const where = `${title} ${p(f.file)}`;
      if (f.status === 'error') {
        console.log(`${s.red(where)}: ${f.message ?? 'failed'}`);
        continue;
      }
      const wrapped = names(f.servers, 'wrap');
      if (wrapped.length > 0) console.log(`${s.green(where)}: ${verb('now runs', 'run')} ${wrapped.join(', ')} through warden proxy${f.backup ? ` (backup: ${p(f.backup)})` : ''}`);
      else console.log(`${where}: nothing to wrap`);
      for (const x of f.servers.filter((y) => y.status === 'wrap' && y.detail)) console.log(`  ${serverLabel(x)}: ${x.detail}`);
      const already = names(f.servers, 'wrapped');
      if (already.length > 0) console.log(`  already through warden proxy: ${already.join(', ')}`);
      for (const x of f.servers.filter((y) => y.status === 'remote')) console.log(`  ${s.yellow('not wrapped:')} ${serverLabel(x)} is a remote server (${x.detail ?? ''}); put it behind \`warden gateway\` instead`);
      for (const x of f.servers.filter((y) => y.status === 'invalid' || y.status === 'error')) console.log(`  ${s.red('not wrapped:')} ${serverLabel(x)}: ${x.detail ?? ''}`);
      const disabled = f.servers.filter((y) => y.status === 'wrap' && y.disabled).map(serverLabel);
      if (disabled.length > 0) console.log(`  ${s.yellow('note:')} ${disabled.join(', ')} ${disabled.length > 1 ? 'are' : 'is'} disabled in this file; wrapped all the same, so it runs through Warden once enabled`);
      const skipped = names(f.servers, 'skipped');
      if (skipped.length > 0) console.log(`  left as they are (not named with --servers): ${skipped.join(', ')}`);
    }
  }
  if (r.files.some((f) => f.status === 'change')) for (const w of r.warnings) console.log(`${s.yellow('warning:')} ${w}`);
  for (const name of r.unknownServers) console.log(`${s.yellow('note:')} no server named "${name}" in these files`);
  if (!r.dryRun && r.files.some((f) => f.status === 'change')) console.log(`recorded in ${p(r.record)}: \`warden unwrap\` restores these entries; restart the client to pick up the change`);
}

export function printList(files: readonly ListedFile[], clients: readonly McpClient[], home: string): void {
  const s = styler();
  const p = tilde(home);
  for (const client of clients) {
    const mine = files.filter((f) => f.client === client);
    if (mine.length === 0) continue;
    console.log(s.bold(CLIENT_TITLES[client]));
    for (const f of mine) {
      console.log(`  ${p(f.file)} (${f.scope})`);
      if (f.status === 'error') console.log(`    ${s.red('cannot be read:')} ${f.message ?? ''}`);
      else if (f.servers.length === 0) console.log('    no MCP servers');
      const width = Math.max(0, ...f.servers.map((x) => serverLabel(x).length));
      for (const x of f.servers) {
        const kind = x.kind === 'wrapped' ? s.green('wrapped') : x.kind === 'stdio' ? s.yellow('stdio  ') : x.kind === 'remote' ? 'remote ' : s.red('invalid');
        console.log(`    ${serverLabel(x).padEnd(width)}  ${kind}  ${x.detail}${x.disabled ? ' (disabled)' : ''}`);
      }
    }
  }
  const none = clients.filter((c) => !files.some((f) => f.client === c));
  if (none.length > 0) console.log(s.dim(`no MCP config found for ${none.map((c) => CLIENT_TITLES[c]).join(', ')}`));
}

export function printUnwrap(r: UnwrapReport, home: string): void {
  const s = styler();
  const p = tilde(home);
  const verb = (past: string, present: string): string => (r.dryRun ? `would ${present}` : past);
  if (r.dryRun) console.log(s.bold('dry run: nothing is changed'));
  if (r.files.length === 0) console.log('nothing to unwrap: no wrap recorded for these clients');
  for (const f of r.files) {
    const where = `${CLIENT_TITLES[f.client]} ${p(f.file)}`;
    const backup = f.backup ? ` (backup: ${p(f.backup)})` : '';
    if (f.status === 'error') console.log(`${s.red(where)}: ${f.message ?? 'failed'}`);
    else if (f.status === 'gone') console.log(`${where}: ${s.yellow('not found')}; nothing restored, and its record is kept: run \`warden unwrap\` again once the file is back`);
    else if (f.status === 'exact') console.log(`${s.green(where)}: ${verb('restored', 'restore')} the file as it was before wrap${backup}`);
    else {
      const back = f.servers.filter((x) => x.status === 'restored' || x.status === 'edited').map(serverLabel);
      console.log(`${back.length > 0 ? s.green(where) : where}: ${back.length > 0 ? `${verb('restored', 'restore')} ${back.join(', ')}; the rest of the file, edited since wrap, is kept${backup}` : 'nothing to restore'}`);
    }
    for (const x of f.servers.filter((y) => y.status !== 'restored')) {
      const label = x.status === 'error' ? s.red('left as it is:') : x.status === 'edited' ? s.yellow('note:') : 'note:';
      console.log(`  ${label} ${serverLabel(x)}: ${x.detail ?? ''}`);
    }
  }
  for (const w of r.warnings) console.log(`${s.yellow('warning:')} ${w}`);
}
