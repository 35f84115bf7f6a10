// The tools each MCP server declared, kept across restarts of `warden proxy` and `warden gateway`:
// $WARDEN_HOME/mcp-tools.db (0600 in a 0700 directory), one row per server and tool with the
// definition first seen and, when the server has since declared a different one, that one too.
// A restarted proxy starts from these rows, so a tool changed while no proxy ran (a rug pull across
// restarts) is still reported. The first-seen definition is never overwritten here: several
// proxies of the same server may write at once, and the earliest definition stays the reference.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { RegistryState } from '../../core/detect/tool-registry.js';
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

export const declaredToolsFile = (wardenHome: string): string => join(wardenHome, 'mcp-tools.db');

export class DeclaredToolStore {
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

  close(): void {
    if (this.db.open) this.db.close();
  }
}
