// `warden server`: the control plane (API, dashboard, host enrollment and sync) on SQLite or
// PostgreSQL; `warden server token …` for enrollment tokens.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { UsageError } from '../../core/errors.js';
import { packageRoot } from '../../core/package-root.js';
import { firstStart } from '../../server/org-setup.js';
import { startServer } from '../../server/serve.js';
import { styler } from '../style.js';
import { DEFAULT_LISTEN, dbLocation, describeDb, openDb, parseListen, type DbOptions } from './server-options.js';
import { registerServerToken } from './server-token.js';

interface ServerOptions extends DbOptions {
  listen: string;
  web?: string;
  secureCookies?: boolean;
  trustProxy?: boolean;
  logLevel: string;
}

const STOP_GRACE_MS = 10_000;

export function webRoot(o: { web?: string }): string | undefined {
  if (o.web) return o.web;
  const built = join(packageRoot(), 'build', 'web');
  return existsSync(join(built, 'index.html')) ? built : undefined;
}

export function registerServer(program: Command): void {
  const server = program
    .command('server')
    .description('Run the control plane: fleet API, dashboard, host enrollment and policy sync')
    .option('--db <location>', 'sqlite:PATH or postgres://user@host:5432/db (default: sqlite:$WARDEN_HOME/server.db)')
    .option('--schema <name>', 'PostgreSQL schema holding the tables (default: the connection\'s)')
    .option('--listen <host:port>', 'address to listen on', DEFAULT_LISTEN)
    .option('--web <dir>', 'the built dashboard to serve at / (default: build/web of the package, if built)')
    .option('--secure-cookies', 'always mark cookies Secure (set when TLS ends at a proxy in front)')
    .option('--trust-proxy', 'trust x-forwarded-for and x-forwarded-proto from a proxy in front')
    .option('--log-level <level>', 'fatal, error, warn, info, debug', 'info')
    .addHelpText('after', `
On first start, WARDEN_ADMIN_EMAIL and WARDEN_ADMIN_PASSWORD (12 characters or more) create the first
admin in a default org; without them an admin is created and its one-time password printed once.
With PostgreSQL, any number of servers can share one database behind a load balancer.
The API is described in docs/api.md. SIGTERM or Ctrl-C stops the server gracefully.

Examples:
  warden server
  WARDEN_ADMIN_EMAIL=me@example.com WARDEN_ADMIN_PASSWORD=... warden server --listen 0.0.0.0:7700
  warden server --db postgres://warden@db.internal:5432/warden
  warden server token create --role developer --expires 7d`)
    .action(async (o: ServerOptions) => {
      const listen = parseListen(o.listen);
      const logger = pino({ level: o.logLevel, base: undefined }, pino.destination(2));
      const store = await openDb(o);
      const s = styler();
      let running;
      try {
        const first = await firstStart(store, { email: process.env.WARDEN_ADMIN_EMAIL || undefined, password: process.env.WARDEN_ADMIN_PASSWORD || undefined });
        running = await startServer({ store, ...listen, logger, webRoot: webRoot(o), secureCookies: o.secureCookies, trustProxy: o.trustProxy }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${o.listen}: ${error.code === 'EADDRINUSE' ? 'the address is in use' : error.message}`);
          throw error;
        });
        if (first.created) {
          console.log(`First start: org ${first.org!.name} with admin ${s.cyan(first.admin!.email)}`);
          if (first.generatedPassword) console.log(`One-time admin password (shown only now): ${s.yellow(first.generatedPassword)}`);
        }
        console.log(`Warden control plane listening on ${s.cyan(running.url)} (${describeDb(dbLocation(o))})`);
      } catch (error) {
        await store.close();
        throw error;
      }
      const server = running;
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          logger.info({ signal }, 'stopping');
          const force = setTimeout(() => process.exit(1), STOP_GRACE_MS);
          force.unref();
          server.close().then(resolve, (err: unknown) => {
            logger.error({ err }, 'unclean stop');
            resolve();
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      logger.flush();
    });
  registerServerToken(server);
}
