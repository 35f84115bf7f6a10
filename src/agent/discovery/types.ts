// What discovery finds on a host: MCP servers configured in the MCP clients, Claude Code plugins,
// each with what a light static scan noticed, and the files it could not read (with why).
import type { Severity } from '../../core/vocabulary.js';
import type { McpClient } from '../wrap/clients.js';

export type DiscoveryType = 'mcp_server' | 'plugin' | 'extension' | 'package';

export interface Finding {
  readonly severity: Severity;
  /** Says what and where, never the secret itself. */
  readonly title: string;
}

export type Launch =
  | { readonly kind: 'stdio'; readonly command: string; readonly args: readonly string[]; readonly wrapped: boolean }
  | { readonly kind: 'remote'; readonly url: string }
  | { readonly kind: 'plugin'; readonly installPath: string | null };

export interface Discovered {
  /** As the control plane takes it (no slashes, glob or control characters): the MCP rule is `<name>/*`. */
  readonly name: string;
  /** The name as the file spells it, when it had to be changed to pass. */
  readonly originalName?: string;
  readonly version?: string;
  readonly type: DiscoveryType;
  readonly client: McpClient;
  readonly file: string;
  readonly scope: string;
  readonly launch: Launch;
  readonly disabled: boolean;
  readonly findings: readonly Finding[];
}

export interface Skipped {
  readonly file: string;
  /** The server's name when one entry was skipped, absent when the whole file was. */
  readonly name?: string;
  readonly reason: string;
}

export interface DiscoveryReport {
  readonly items: readonly Discovered[];
  readonly skipped: readonly Skipped[];
  /** Every file looked at (existing or not): what a watcher watches. */
  readonly files: readonly string[];
}
