// The MCP servers configured in every MCP client `warden wrap` knows (src/agent/wrap/clients.ts),
// read with wrap's own readers, each with its static findings. Project-scope files are looked for
// in the given project directories.
import { configTargets, MCP_CLIENTS, type ClientEnv, type ConfigTarget } from '../wrap/clients.js';
import { formatOf } from '../wrap/formats.js';
import type { ServerEntry } from '../wrap/server-entry.js';
import { scanEntry } from './findings.js';
import { reportName } from './names.js';
import { fetchedPackage } from './package-pin.js';
import { readForDiscovery } from './read-file.js';
import { redactLaunch } from './redact-launch.js';
import type { Discovered, Launch, Skipped } from './types.js';

export interface FileResult {
  readonly file: string;
  readonly items: Discovered[];
  readonly skipped: Skipped[];
  /** The whole file as data, when it parsed. */
  readonly doc?: unknown;
}

/** The value at a key path (a list's entries by index, as Continue's YAML keeps them). */
const at = (doc: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined), doc);

function launchOf(entry: ServerEntry): Launch | null {
  switch (entry.kind) {
    case 'stdio': return { kind: 'stdio', command: entry.server.command, args: entry.server.args, wrapped: false };
    case 'wrapped': return { kind: 'stdio', command: entry.original.command, args: entry.original.args, wrapped: true };
    case 'remote': return { kind: 'remote', url: entry.url };
    case 'invalid': return null;
  }
}

export function serversIn(target: ConfigTarget): FileResult {
  const { file } = target;
  const result: FileResult = { file, items: [], skipped: [] };
  const read = readForDiscovery(file);
  if (read.kind === 'missing') return result;
  if (read.kind === 'skip') return { ...result, skipped: [{ file, reason: read.reason }] };
  if (read.text.trim() === '') return result;
  const format = formatOf(target.format);
  let listing;
  let doc: unknown;
  try {
    listing = format.list(read.text, target.containers, target.single);
    doc = listing.kind === 'ok' ? format.read(read.text) : null;
  } catch (error) {
    return { ...result, skipped: [{ file, reason: `cannot read ${file}: ${(error as Error).message}` }] };
  }
  if (listing.kind === 'error') return { ...result, skipped: [{ file, reason: `${file} is ${listing.message}` }] };
  const withDoc: FileResult = { ...result, doc };
  for (const { name, path, entry } of listing.servers) {
    const launch = launchOf(entry);
    if (!launch) {
      withDoc.skipped.push({ file, name, reason: entry.kind === 'invalid' ? entry.reason : 'unreadable entry' });
      continue;
    }
    const reported = reportName(name);
    if (reported === null) {
      withDoc.skipped.push({ file, name, reason: 'the name has no character the control plane accepts' });
      continue;
    }
    const raw = at(doc, path);
    const version = launch.kind === 'stdio' ? fetchedPackage(launch.command, launch.args)?.version ?? undefined : undefined;
    const disabled = (entry.kind === 'stdio' || entry.kind === 'wrapped') && entry.disabled;
    withDoc.items.push({
      name: reported, ...(reported !== name ? { originalName: name } : {}), ...(version ? { version } : {}),
      type: 'mcp_server', client: target.client, file, scope: target.scope === 'file' ? 'user' : target.scope, launch: redactLaunch(launch), disabled,
      findings: scanEntry(raw, launch, file),
    });
  }
  return withDoc;
}

/** Every client's user files, and its project files in each of `projects` (deduplicated). */
export function discoveryTargets(e: ClientEnv, projects: readonly string[]): ConfigTarget[] {
  const seen = new Set<string>();
  const out: ConfigTarget[] = [];
  const add = (t: ConfigTarget): void => {
    if (seen.has(t.file)) return;
    seen.add(t.file);
    out.push(t);
  };
  for (const client of MCP_CLIENTS) configTargets(client, e, 'user').forEach(add);
  for (const cwd of projects) for (const client of MCP_CLIENTS) configTargets(client, { ...e, cwd }, 'project').forEach(add);
  return out;
}
