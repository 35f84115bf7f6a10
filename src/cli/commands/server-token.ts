// `warden server token create|list|revoke`: enrollment tokens for hosts, straight in the database.
// --db and --schema may stand before or after `token`: `warden server` has them too.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import { hashSecret, newSecret } from '../../store/fleet/ids.js';
import type { Org } from '../../store/fleet/types.js';
import { durationMs } from '../../server/audit-query-params.js';
import { openDb, type DbOptions } from './server-options.js';

interface TokenOptions extends DbOptions {
  org?: string;
  role?: string;
  expires?: string;
  json?: boolean;
}

async function orgFor(store: FleetStore, wanted: string | undefined): Promise<Org> {
  const orgs = await store.orgs.list();
  if (orgs.length === 0) throw new UsageError('the server has no org yet: start it once with `warden server`');
  if (wanted === undefined) return orgs[0]!;
  const org = orgs.find((o) => o.id === wanted || o.name === wanted);
  if (!org) throw new UsageError(`no org ${wanted} (there are: ${orgs.map((o) => o.name).join(', ')})`);
  return org;
}

async function withDb<T>(o: DbOptions, fn: (store: FleetStore) => Promise<T>): Promise<T> {
  const store = await openDb(o);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const dbFlags = (cmd: Command): Command =>
  cmd.option('--db <location>', 'sqlite:PATH or postgres://… (default: sqlite under $WARDEN_HOME/server.db)').option('--schema <name>', 'PostgreSQL schema holding the tables').option('--org <id-or-name>', 'the org (default: the first one)');

export function registerServerToken(server: Command): void {
  const token = server.command('token').description('Enrollment tokens: what `warden install --server URL --token T` presents to join the org');

  dbFlags(token.command('create').description('Create an enrollment token and print it (it is shown only once)'))
    .option('--role <name>', 'role the enrolled hosts get (default: the org default role)')
    .option('--expires <duration>', 'how long it stays valid: 30m, 24h, 7d', '24h')
    .option('--json', 'print {id, token, org, role, expiresAt} as JSON')
    .addHelpText('after', `
Examples:
  warden server token create
  warden server token create --role ci-runner --expires 7d --json`)
    .action(async (_o: TokenOptions, cmd: Command) => {
      const o = cmd.optsWithGlobals<TokenOptions>();
      const ms = durationMs(o.expires ?? '24h');
      if (ms === null || ms < 60_000 || ms > 366 * 86_400_000) throw new UsageError(`--expires wants a duration from 1m to 366d such as 30m, 24h, 7d, not "${o.expires}"`);
      await withDb(o, async (store) => {
        const org = await orgFor(store, o.org);
        let roleId: string | null = null;
        if (o.role !== undefined) {
          const role = await store.roles.byName(org.id, o.role);
          if (!role) throw new UsageError(`no role ${o.role} in org ${org.name} (there are: ${(await store.roles.list(org.id)).map((r) => r.name).join(', ')})`);
          roleId = role.id;
        }
        const secret = newSecret('wet');
        const record = await store.enrollmentTokens.create(org.id, hashSecret(secret), { roleId, expiresAt: new Date(Date.now() + ms).toISOString(), createdBy: 'warden server token create' });
        if (o.json) console.log(JSON.stringify({ id: record.id, token: secret, org: { id: org.id, name: org.name }, role: o.role ?? null, expiresAt: record.expiresAt }, null, 2));
        else {
          console.log(secret);
          console.error(`enrollment token ${record.id} for org ${org.name}${o.role ? `, role ${o.role}` : ''}, valid until ${record.expiresAt}`);
        }
      });
    });

  dbFlags(token.command('list').description('List enrollment tokens (never the tokens themselves)'))
    .option('--json', 'print as JSON')
    .action(async (_o: TokenOptions, cmd: Command) => {
      const o = cmd.optsWithGlobals<TokenOptions>();
      await withDb(o, async (store) => {
        const tokens = await store.enrollmentTokens.list((await orgFor(store, o.org)).id);
        if (o.json) return console.log(JSON.stringify(tokens, null, 2));
        for (const t of tokens) console.log(`${t.id}  expires ${t.expiresAt}  uses ${t.uses}${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}`);
        if (!tokens.length) console.log('no enrollment tokens');
      });
    });

  dbFlags(token.command('revoke').description('Revoke an enrollment token by id').argument('<id>'))
    .action(async (id: string, _o: TokenOptions, cmd: Command) => {
      const o = cmd.optsWithGlobals<TokenOptions>();
      await withDb(o, async (store) => {
        const t = await store.enrollmentTokens.revoke((await orgFor(store, o.org)).id, id);
        console.log(`revoked ${t.id}`);
      });
    });
}
