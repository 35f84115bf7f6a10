// `warden mcp tools`: the tools each MCP server declared, as `warden proxy` and `warden gateway`
// keep them in $WARDEN_HOME/mcp-tools.db. A tool whose latest definition differs from its reference
// is a drift finding (held with --block-undeclared) until a person accepts the new definition here.
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import type { AuditEntryInput } from '../../audit/entry.js';
import { diffTools } from '../../core/detect/tool-diff.js';
import { UsageError } from '../../core/errors.js';
import { openHostAuditLog } from '../../store/host-audit-log.js';
import { DeclaredToolStore, declaredToolsFile, type Accepted, type StoredTool } from '../../store/mcp-tools/declared-tools.js';
import { wardenHome } from '../warden-home.js';

/** Who accepts or forgets, as user@host (the form `warden approvals` records). */
const who = (): string => {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry: keep $USER.
  }
  return `${user}@${hostname()}`;
};

/** Names and descriptions come from MCP servers: control characters are shown escaped, never sent to the terminal. */
// eslint-disable-next-line no-control-regex
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const iso = (ms: number): string => (ms > 0 ? new Date(ms).toISOString() : '?');

function withStore<T>(fn: (s: DeclaredToolStore) => T): T {
  const file = declaredToolsFile(wardenHome());
  // Reading should not create the file: with none, no server's tools were ever recorded.
  const store = DeclaredToolStore.open(existsSync(file) ? file : ':memory:');
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** `server/tool` split at the first `/` (server names hold none; tool names may). */
function subject(text: string, toolRequired: boolean): { server: string; tool?: string } {
  const at = text.indexOf('/');
  if (at === -1) {
    if (toolRequired) throw new UsageError(`name a tool as SERVER/TOOL (got "${text}")`);
    if (text === '') throw new UsageError('name a server');
    return { server: text };
  }
  const server = text.slice(0, at);
  const tool = text.slice(at + 1);
  if (server === '' || tool === '') throw new UsageError(`name a tool as SERVER/TOOL (got "${text}")`);
  return { server, tool };
}

function knownServer(store: DeclaredToolStore, server: string): StoredTool[] {
  const tools = store.list(server);
  if (tools.length === 0) {
    const names = [...new Set(store.list().map((t) => t.server))];
    throw new UsageError(`no tools are recorded for an MCP server named "${printable(server)}" (${names.length ? `recorded: ${printable(names.join(', '))}` : 'none are recorded yet'}; see warden mcp tools list)`);
  }
  return tools;
}

function knownTool(store: DeclaredToolStore, server: string, tool: string): StoredTool {
  const tools = knownServer(store, server);
  const found = tools.find((t) => t.tool === tool);
  if (!found) throw new UsageError(`${printable(server)} declared no tool named "${printable(tool)}" (it declared: ${printable(tools.map((t) => t.tool).join(', '))})`);
  return found;
}

const state = (t: StoredTool): string => (t.damaged ? 'damaged' : t.pending ? 'changed' : 'unchanged');

function jsonOf(t: StoredTool, withDefinitions: boolean) {
  const diff = t.pending ? diffTools(t.first.definition, t.pending.definition) : null;
  return {
    server: t.server,
    tool: t.tool,
    state: state(t),
    first_seen: iso(t.first.at),
    reference_hash: t.first.hash,
    latest_seen: t.pending ? iso(t.pending.at) : null,
    latest_hash: t.pending?.hash ?? null,
    updated_at: t.updatedAt,
    changed_fields: diff?.fields ?? [],
    diff: diff?.summary ?? null,
    ...(withDefinitions ? { reference: t.first.definition, latest: t.pending?.definition ?? null } : {}),
  };
}

function printList(tools: readonly StoredTool[]): void {
  let server = '';
  for (const t of tools) {
    if (t.server !== server) {
      server = t.server;
      const changed = tools.filter((x) => x.server === server && x.pending).length;
      console.log(`${printable(server)}${changed ? `  (${changed} changed, see warden mcp tools show ${printable(server)}/TOOL)` : ''}`);
    }
    const note = t.damaged ? 'DAMAGED row (ignored by proxies)' : t.pending ? `CHANGED since first seen (latest seen ${iso(t.pending.at)})` : 'unchanged';
    console.log(`  ${printable(t.tool)}  first seen ${iso(t.first.at)}, last stored ${t.updatedAt}  ${note}`);
  }
}

const indent = (text: string): string => text.split('\n').map((l) => `    ${l}`).join('\n');

function printShow(t: StoredTool): void {
  const name = printable(`${t.server}/${t.tool}`);
  console.log(`${name}: ${state(t)}`);
  console.log(`  reference (first seen ${iso(t.first.at)}, sha256 ${t.first.hash.slice(0, 12)}):`);
  console.log(`    description: ${printable(t.first.definition.description)}`);
  console.log(`    input schema: ${printable(JSON.stringify(t.first.definition.inputSchema))}`);
  if (t.pending) {
    console.log(`  latest (seen ${iso(t.pending.at)}, sha256 ${t.pending.hash.slice(0, 12)}):`);
    console.log(`    description: ${printable(t.pending.definition.description)}`);
    console.log(`    input schema: ${printable(JSON.stringify(t.pending.definition.inputSchema))}`);
    console.log(`  what changed:\n${indent(printable(diffTools(t.first.definition, t.pending.definition).summary))}`);
    console.log(`  calls to it are held as drift (blocked with --block-undeclared); accept it with: warden mcp tools accept ${name}`);
  }
  console.log(`  last stored ${t.updatedAt}`);
}

function acceptedEntry(a: Accepted, by: string): AuditEntryInput {
  const diff = diffTools(a.from.definition, a.to.definition);
  return {
    type: 'config_change', agent: 'warden', subject: `${a.server}/${a.tool}`, verdict: 'allow', outcome: 'allowed', severity: 'medium', rule: 'mcp-tool-accepted',
    arguments: { server: a.server, tool: a.tool, accepted_by: by, from_hash: a.from.hash, to_hash: a.to.hash, changed: diff.fields },
    reason: `${by} accepted the changed definition of ${a.server}/${a.tool} (sha256 ${a.from.hash.slice(0, 12)} → ${a.to.hash.slice(0, 12)}; ${diff.summary.replace(/\s+/g, ' ')})`,
  };
}

async function accept(text: string, json: boolean | undefined): Promise<void> {
  const { server, tool } = subject(text, false);
  const file = declaredToolsFile(wardenHome());
  if (!existsSync(file)) throw new UsageError(`no tools are recorded for an MCP server named "${server}" (none are recorded yet; see warden mcp tools list)`);
  const by = who();
  // The audit log is opened first: an acceptance it cannot record is not made.
  const audit = await openHostAuditLog(wardenHome());
  try {
    const store = DeclaredToolStore.open(file);
    let accepted: Accepted[];
    try {
      if (tool === undefined) knownServer(store, server);
      else {
        const t = knownTool(store, server, tool);
        if (!t.pending) throw new UsageError(`${server}/${tool} has no changed definition to accept (its latest definition is its reference)`);
      }
      accepted = store.accept(server, tool);
      try {
        if (accepted.length > 0) await audit.log.appendBatch(accepted.map((a) => acceptedEntry(a, by)));
      } catch (error) {
        store.revert(accepted);
        throw error;
      }
    } finally {
      store.close();
    }
    if (json) console.log(JSON.stringify(accepted.map((a) => ({ server: a.server, tool: a.tool, accepted_by: by, from_hash: a.from.hash, to_hash: a.to.hash }))));
    else if (accepted.length === 0) console.log(`No tool of ${server} has a changed definition to accept.`);
    else for (const a of accepted) console.log(`accepted ${printable(`${a.server}/${a.tool}`)} as ${by} (sha256 ${a.from.hash.slice(0, 12)} → ${a.to.hash.slice(0, 12)}); proxies hold calls to it to this definition from now on`);
  } finally {
    await audit.close();
  }
}

/** `accept SERVER/TOOL --undeclared`: calls to a tool the server never declared go through from now on. */
async function acceptUndeclared(text: string, json: boolean | undefined): Promise<void> {
  const { server, tool } = subject(text, true);
  const by = who();
  const audit = await openHostAuditLog(wardenHome());
  try {
    const store = DeclaredToolStore.open(declaredToolsFile(wardenHome()));
    let first: NonNullable<ReturnType<DeclaredToolStore['acceptUndeclared']>>;
    try {
      if (store.get(server, tool!)) throw new UsageError(`${printable(`${server}/${tool!}`)} is recorded already (declared by ${printable(server)}, or accepted before): there is nothing undeclared to accept (see warden mcp tools show ${printable(`${server}/${tool!}`)})`);
      const made = store.acceptUndeclared(server, tool!);
      if (!made) throw new UsageError(`${printable(`${server}/${tool!}`)} was recorded meanwhile; see warden mcp tools show ${printable(`${server}/${tool!}`)}`);
      first = made;
      try {
        await audit.log.append({
          type: 'config_change', agent: 'warden', subject: `${server}/${tool!}`, verdict: 'allow', outcome: 'allowed', severity: 'medium', rule: 'mcp-tool-accepted-undeclared',
          arguments: { server, tool, accepted_by: by, to_hash: first.hash },
          reason: `${by} accepted ${server}/${tool!}, a tool ${server} never declared; calls to it are no longer drift`,
        });
      } catch (error) {
        store.removeTool(server, tool!, first.hash);
        throw error;
      }
    } finally {
      store.close();
    }
    if (json) console.log(JSON.stringify([{ server, tool, accepted_by: by, undeclared: true, to_hash: first.hash }]));
    else console.log(`accepted ${printable(`${server}/${tool!}`)}, a tool ${printable(server)} never declared, as ${by}; proxies let calls to it through from now on (should ${printable(server)} declare it later, that definition is a change to accept)`);
  } finally {
    await audit.close();
  }
}

async function forget(server: string, json: boolean | undefined): Promise<void> {
  if (server === '' || server.includes('/')) throw new UsageError(`name a server, not a tool (got "${server}")`);
  const file = declaredToolsFile(wardenHome());
  if (!existsSync(file)) throw new UsageError(`no tools are recorded for an MCP server named "${server}" (none are recorded yet; see warden mcp tools list)`);
  const by = who();
  const audit = await openHostAuditLog(wardenHome());
  try {
    const store = DeclaredToolStore.open(file);
    let count: number;
    try {
      const tools = knownServer(store, server);
      await audit.log.append({
        type: 'config_change', agent: 'warden', subject: server, verdict: 'allow', outcome: 'allowed', severity: 'medium', rule: 'mcp-tools-forgotten',
        arguments: { server, forgotten_by: by, tools: tools.map((t) => t.tool) },
        reason: `${by} removed the ${tools.length} recorded tool${tools.length === 1 ? '' : 's'} of ${server}; its next tools/list is taken as first seen`,
      });
      count = store.forget(server);
    } finally {
      store.close();
    }
    if (json) console.log(JSON.stringify({ server, forgotten: count, forgotten_by: by }));
    else console.log(`forgot ${count} tool${count === 1 ? '' : 's'} of ${server}; the next proxy for it takes its tools/list as first seen`);
  } finally {
    await audit.close();
  }
}

export function registerMcpTools(mcp: Command): void {
  const tools = mcp
    .command('tools')
    .description('The tools each MCP server declared, as warden proxy and warden gateway remember them')
    .addHelpText('after', `
Each tool is held to a reference definition: the first one seen, or the last one accepted. When a
server declares a tool differently (a new version, or a rug pull), calls to it are reported as
drift, and blocked with --block-undeclared, until the new definition is accepted here; so are
calls to a tool the server never declared, until accepted with --undeclared. Accepting and
forgetting are recorded in the audit log (config_change) with who did it, and a running proxy or
gateway applies them at its next message.

Examples:
  warden mcp tools list
  warden mcp tools show filesystem/write_file
  warden mcp tools accept filesystem/write_file
  warden mcp tools accept filesystem            (every changed tool of the server)
  warden mcp tools accept internal/debug --undeclared
  warden mcp tools forget old-server`);

  tools.command('list')
    .description('Servers and their tools: first seen, last stored, and whether the latest definition differs')
    .option('--server <name>', 'only this server')
    .option('--json', 'print a JSON array')
    .action((o: { server?: string; json?: boolean }) => {
      const rows = withStore((s) => (o.server === undefined ? s.list() : knownServer(s, o.server)));
      if (o.json) console.log(JSON.stringify(rows.map((t) => jsonOf(t, false))));
      else if (rows.length === 0) console.log('No MCP server\'s tools are recorded yet (warden proxy and warden gateway record them at tools/list).');
      else printList(rows);
    });

  tools.command('show')
    .description('One tool: its reference and latest definitions, and what changed between them')
    .argument('<server/tool>', 'the server name (as --name gave it) and the tool')
    .option('--json', 'print a JSON object with both definitions')
    .action((text: string, o: { json?: boolean }) => {
      const { server, tool } = subject(text, true);
      const t = withStore((s) => knownTool(s, server, tool!));
      if (o.json) console.log(JSON.stringify(jsonOf(t, true)));
      else printShow(t);
    });

  tools.command('accept')
    .description('Make the latest definition seen the reference for one tool, or every changed tool of a server')
    .argument('<server[/tool]>', 'a server, or one of its tools')
    .option('--undeclared', 'let calls to a tool the server never declared through (blocked with --block-undeclared until then)')
    .option('--json', 'print what was accepted as a JSON array')
    .addHelpText('after', `
Examples:
  warden mcp tools accept filesystem/write_file         (its latest definition becomes the reference)
  warden mcp tools accept filesystem                    (every changed tool of the server)
  warden mcp tools accept internal/debug --undeclared   (a tool the server answers but never declared)

A proxy or gateway running for the server applies an acceptance at its next message.`)
    .action((text: string, o: { json?: boolean; undeclared?: boolean }) => (o.undeclared ? acceptUndeclared(text, o.json) : accept(text, o.json)));

  tools.command('forget')
    .description('Remove every recorded tool of a server: its next tools/list is taken as first seen')
    .argument('<server>', 'the server name')
    .option('--json', 'print what was removed as JSON')
    .addHelpText('after', `
A proxy or gateway running for the server drops the forgotten tools at its next message: calls to
them count as undeclared until the client lists the tools again, which records them as first seen.`)
    .action((server: string, o: { json?: boolean }) => forget(server, o.json));
}
