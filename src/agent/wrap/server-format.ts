// The one interface each config format (JSON with comments, TOML, YAML) implements for wrap and unwrap.
import type { TextEdit } from '../install/text-edits.js';
import type { ServerCommand } from './proxy-argv.js';
import type { ServerEntry } from './server-entry.js';

export interface FoundServer {
  readonly name: string;
  /**
   * Key path of what holds the servers: an object keyed by name (['mcpServers'], ['servers'],
   * ['mcp_servers']), or a list of entries with a `name` (Continue's YAML). Empty: the file itself
   * is the one entry (Continue's single-server JSON files), named after the file.
   */
  readonly container: readonly string[];
  /** Key path of the entry in the parsed file (a list's entries by index). */
  readonly path: readonly string[];
  readonly entry: ServerEntry;
}

export type Listing =
  | { readonly kind: 'ok'; readonly servers: readonly FoundServer[] }
  | { readonly kind: 'error'; readonly message: string };

/** The containers to look in, given the parsed file (Claude Code keeps one per project). */
export type Containers = (doc: unknown) => ReadonlyArray<readonly string[]>;

/** An entry's `command` and `args` as text in the file (args null: the entry had none). */
export interface RawCommand {
  readonly command: string;
  readonly args: string | null;
}

/** What wrap changed in one entry, recorded so that unwrap can take it back. */
export interface WrappedServer {
  readonly name: string;
  readonly container: readonly string[];
  readonly original: { readonly command: string; readonly args: readonly string[] | null };
  readonly raw: RawCommand;
  readonly wrapped: ServerCommand;
}

export type EntryWrap =
  | { readonly kind: 'ok'; readonly edits: readonly TextEdit[]; readonly raw: RawCommand }
  | { readonly kind: 'error'; readonly message: string };

export type EntryRestore =
  /** changed: the entry was edited since wrap; restored from the command line after `--`. */
  | { readonly kind: 'ok'; readonly edits: readonly TextEdit[]; readonly changed: boolean }
  /** The entry is gone, or no longer runs through Warden: nothing to restore. */
  | { readonly kind: 'missing' | 'unwrapped' }
  | { readonly kind: 'error'; readonly message: string };

export interface ServerFormat {
  /** The whole file as data, or null when it does not parse. */
  read(text: string): unknown;
  /** `single`: the server's name when the file itself may be one entry (see FoundServer.container). */
  list(text: string, containers: Containers, single?: string): Listing;
  /** Key path of the named server's entry in `doc` (what read gave), or null when it is not there once. */
  entryPath(doc: unknown, container: readonly string[], name: string): readonly string[] | null;
  /** Edits (to apply in order) that make the entry run `wrapped`, keeping every other key and byte. */
  wrap(text: string, server: FoundServer, wrapped: ServerCommand): EntryWrap;
  restore(text: string, recorded: WrappedServer): EntryRestore;
}
