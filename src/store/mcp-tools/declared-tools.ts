// The tools each MCP server declared, kept across restarts of `warden proxy` and `warden gateway`:
// $WARDEN_HOME/mcp-tools.db (0600 in a 0700 directory), one row per server and tool with the
// definition first seen and, when the server has since declared a different one, that one too.
// A restarted proxy starts from these rows, so a tool changed while no proxy ran (a rug pull across
// restarts) is still reported. The first-seen definition is never overwritten here: several
// proxies of the same server may write at once, and the earliest definition stays the reference.
// Only a person replaces it (`warden mcp tools accept`: the latest definition becomes the
// reference) or removes a server's rows (`warden mcp tools forget`).
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { toolHash, type RegistryState } from '../../core/detect/tool-registry.js';
import { openSqliteFile } from '../sqlite/sqlite-file.js';

/** One server's tools as the tool registry exports them. */
export type ServerTools = RegistryState['servers'][string];
type Seen = ServerTools[string]['first'];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS declared_tools (
  server TEXT NOT NULL,
  tool TEXT NOT NULL,
  first_hash TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  pending_hash TEXT,
  pending_seen TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (server, tool)
);
`;

interface Row {
  tool: string;
  first_seen: string;
  pending_seen: string | null;
}

interface FullRow extends Row {
  server: string;
  first_hash: string;
  pending_hash: string | null;
  updated_at: string;
}

/** One stored tool as `warden mcp tools` shows it. */
export interface StoredTool {
  readonly server: string;
  readonly tool: string;
  /** The definition calls are held to: the first seen, or the last one accepted. */
  readonly first: Seen;
  /** The latest definition seen when it differs from `first`; null when they agree. */
  readonly pending: Seen | null;
  /** When a proxy last stored this server's tools (ISO 8601). */
  readonly updatedAt: string;
  /** The row's JSON does not parse; it counts as absent to the proxies. */
  readonly damaged: boolean;
}

/** A definition accepted as the new reference. */
export interface Accepted {
  readonly server: string;
  readonly tool: string;
  readonly from: Seen;
  readonly to: Seen;
}

const parseSeen = (text: string): Seen => JSON.parse(text) as Seen;

export const declaredToolsFile = (wardenHome: string): string => join(wardenHome, 'mcp-tools.db');

export class DeclaredToolStore {
  private lastVersion: number | null = null;
  private dataVersion: Database.Statement | null = null;

  private constructor(private readonly db: Database.Database, private readonly clock: () => number) {}

  static open(file: string, clock: () => number = Date.now): DeclaredToolStore {
    const db = openSqliteFile(file, { synchronous: 'FULL' });
    try {
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    return new DeclaredToolStore(db, clock);
  }

  /** What was stored for a server (empty when nothing); rows that do not parse are skipped. */
  load(server: string): ServerTools {
    const rows = this.db.prepare('SELECT tool, first_seen, pending_seen FROM declared_tools WHERE server = ?').all(server) as Row[];
    const out: Record<string, { first: Seen; pending: Seen | null }> = {};
    for (const r of rows) {
      try {
        out[r.tool] = { first: JSON.parse(r.first_seen) as Seen, pending: r.pending_seen === null ? null : (JSON.parse(r.pending_seen) as Seen) };
      } catch {
        // A damaged row is as good as none: the tool is taken as first seen at its next listing.
      }
    }
    return out;
  }

  /** Stores a server's tools: new ones as first seen, the pending definition of the others. */
  save(server: string, tools: ServerTools): void {
    const now = new Date(this.clock()).toISOString();
    const upsert = this.db.prepare(`INSERT INTO declared_tools (server, tool, first_hash, first_seen, pending_hash, pending_seen, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (server, tool) DO UPDATE SET pending_hash = excluded.pending_hash, pending_seen = excluded.pending_seen, updated_at = excluded.updated_at
      WHERE declared_tools.first_hash = excluded.first_hash`);
    this.db.transaction(() => {
      for (const [tool, r] of Object.entries(tools)) {
        upsert.run(server, tool, r.first.hash, JSON.stringify(r.first), r.pending?.hash ?? null, r.pending ? JSON.stringify(r.pending) : null, now);
      }
    })();
  }

  private rows(server?: string, tool?: string): FullRow[] {
    const where = server === undefined ? '' : tool === undefined ? ' WHERE server = ?' : ' WHERE server = ? AND tool = ?';
    const params = [server, tool].filter((x): x is string => x !== undefined);
    return this.db.prepare(`SELECT server, tool, first_hash, first_seen, pending_hash, pending_seen, updated_at FROM declared_tools${where} ORDER BY server, tool`).all(...params) as FullRow[];
  }

  private static stored(r: FullRow): StoredTool {
    const blank: Seen = { definition: { name: r.tool, description: '', inputSchema: null }, hash: r.first_hash, at: 0 };
    try {
      return { server: r.server, tool: r.tool, first: parseSeen(r.first_seen), pending: r.pending_seen === null ? null : parseSeen(r.pending_seen), updatedAt: r.updated_at, damaged: false };
    } catch {
      return { server: r.server, tool: r.tool, first: blank, pending: null, updatedAt: r.updated_at, damaged: true };
    }
  }

  /** Every stored tool, or one server's, ordered by server and tool. */
  list(server?: string): StoredTool[] {
    return this.rows(server).map((r) => DeclaredToolStore.stored(r));
  }

  /** One stored tool; null when none is kept under that name. */
  get(server: string, tool: string): StoredTool | null {
    const [row] = this.rows(server, tool);
    return row ? DeclaredToolStore.stored(row) : null;
  }

  /**
   * Makes the latest definition seen the reference for one tool, or for every tool of the server
   * that has a different latest one. Returns what was accepted (empty when nothing differed).
   * Each row changes only if its latest definition is still the one read here.
   */
  accept(server: string, tool?: string): Accepted[] {
    const update = this.db.prepare(`UPDATE declared_tools SET first_hash = pending_hash, first_seen = pending_seen, pending_hash = NULL, pending_seen = NULL, updated_at = ?
      WHERE server = ? AND tool = ? AND pending_hash = ?`);
    return this.db.transaction(() => {
      const now = new Date(this.clock()).toISOString();
      const out: Accepted[] = [];
      for (const r of this.rows(server, tool)) {
        const s = DeclaredToolStore.stored(r);
        if (s.damaged || !s.pending || r.pending_hash === null) continue;
        if (update.run(now, r.server, r.tool, r.pending_hash).changes === 1) out.push({ server: r.server, tool: r.tool, from: s.first, to: s.pending });
      }
      return out;
    }).immediate();
  }

  /**
   * Lets calls to a tool its server never declared through: the tool is recorded as declared with
   * an empty description and no schema. Should the server declare it later, that definition is a
   * change to accept like any other. Null when the tool is recorded already.
   */
  acceptUndeclared(server: string, tool: string): Seen | null {
    const first: Seen = { definition: { name: tool, description: '', inputSchema: null }, hash: toolHash({ name: tool }), at: this.clock() };
    const now = new Date(this.clock()).toISOString();
    const inserted = this.db.prepare(`INSERT INTO declared_tools (server, tool, first_hash, first_seen, pending_hash, pending_seen, updated_at)
      VALUES (?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT (server, tool) DO NOTHING`).run(server, tool, first.hash, JSON.stringify(first), now);
    return inserted.changes === 1 ? first : null;
  }

  /** Undoes an acceptUndeclared whose record could not be written. */
  removeTool(server: string, tool: string, hash: string): void {
    this.db.prepare('DELETE FROM declared_tools WHERE server = ? AND tool = ? AND first_hash = ?').run(server, tool, hash);
  }

  /** Undoes an accept whose record could not be written: the earlier reference comes back. */
  revert(accepted: readonly Accepted[]): void {
    const update = this.db.prepare(`UPDATE declared_tools SET first_hash = ?, first_seen = ?, pending_hash = ?, pending_seen = ?
      WHERE server = ? AND tool = ? AND first_hash = ?`);
    this.db.transaction(() => {
      for (const a of accepted) update.run(a.from.hash, JSON.stringify(a.from), a.to.hash, JSON.stringify(a.to), a.server, a.tool, a.to.hash);
    })();
  }

  /** Removes every tool kept for a server; returns how many there were. */
  forget(server: string): number {
    return this.db.prepare('DELETE FROM declared_tools WHERE server = ?').run(server).changes;
  }

  /**
   * True when another connection committed a change since the last call (the first call says
   * false): a person may have accepted or forgotten tools while this process ran.
   */
  changedElsewhere(): boolean {
    this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck();
    const version = this.dataVersion.get() as number;
    const changed = this.lastVersion !== null && version !== this.lastVersion;
    this.lastVersion = version;
    return changed;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
