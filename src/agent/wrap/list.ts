// `warden wrap --list`: each client's config files on this machine and the servers in them.
import { readConfig } from '../install/config-files.js';
import { configTargets, MCP_CLIENTS, type ClientEnv, type McpClient } from './clients.js';
import { formatOf } from './formats.js';
import { wrappedIn, wroteEntry, type WrapRecord } from './wrap-record.js';

export interface ListedServer {
  readonly name: string;
  readonly container: readonly string[];
  readonly kind: 'stdio' | 'wrapped' | 'remote' | 'invalid';
  /** stdio and wrapped: the server's own command line; remote: its url; invalid: why. */
  readonly detail: string;
  readonly disabled: boolean;
}

export interface ListedFile {
  readonly client: McpClient;
  readonly file: string;
  readonly scope: string;
  readonly status: 'ok' | 'error';
  readonly message?: string;
  readonly servers: readonly ListedServer[];
}

const line = (command: string, args: readonly string[]): string => [command, ...args].join(' ');

/** `record`: what wrap recorded; an entry counts as wrapped only when wrap wrote it as it is. */
export function listClients(e: ClientEnv, record: WrapRecord, clients: readonly McpClient[] = MCP_CLIENTS): ListedFile[] {
  const files: ListedFile[] = [];
  for (const target of clients.flatMap((c) => configTargets(c, e))) {
    const base = { client: target.client, file: target.file, scope: target.scope };
    const read = readConfig(target.file);
    if (read.kind === 'missing') continue;
    if (read.kind === 'error') {
      files.push({ ...base, status: 'error', message: read.message, servers: [] });
      continue;
    }
    if (read.text.trim() === '') {
      files.push({ ...base, status: 'ok', servers: [] });
      continue;
    }
    const listing = formatOf(target.format).list(read.text, target.containers, target.single);
    if (listing.kind === 'error') {
      files.push({ ...base, status: 'error', message: `${target.file} is ${listing.message}`, servers: [] });
      continue;
    }
    const ours = wrappedIn(record, target.file);
    files.push({
      ...base,
      status: 'ok',
      servers: listing.servers.map(({ name, container, entry }): ListedServer => {
        const common = { name, container, disabled: 'disabled' in entry && entry.disabled };
        switch (entry.kind) {
          case 'stdio': return { ...common, kind: 'stdio', detail: line(entry.server.command, entry.server.args) };
          case 'wrapped':
            return wroteEntry(ours, { name, container }, entry.server)
              ? { ...common, kind: 'wrapped', detail: line(entry.original.command, entry.original.args) }
              : { ...common, kind: 'stdio', detail: `${line(entry.server.command, entry.server.args)} (looks wrapped, but wrap did not write it)` };
          case 'remote': return { ...common, kind: 'remote', detail: entry.url };
          case 'invalid': return { ...common, kind: 'invalid', detail: entry.reason };
        }
      }),
    });
  }
  return files;
}
