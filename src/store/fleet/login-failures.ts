// Failed logins per key (client address and email, hashed), shared by every server process on
// the database: what the login rate limit counts.
import type { Kysely } from 'kysely';
import type { FleetDatabase } from './schema.js';

type Db = Kysely<FleetDatabase>;

export class LoginFailures {
  constructor(private readonly db: Db) {}

  /** Times of the failures for `key` at or after `since`, oldest first, at most `limit`. */
  async since(key: string, since: string, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('login_failures').select('at').where('key', '=', key).where('at', '>=', since).orderBy('at', 'desc').limit(limit).execute();
    return rows.map((r) => r.at).reverse();
  }

  async add(key: string, at: string): Promise<void> {
    await this.db.insertInto('login_failures').values({ key, at }).execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key', '=', key).execute();
  }

  async pruneBefore(before: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('at', '<', before).execute();
  }
}
