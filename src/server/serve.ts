// Running the app on a port: the node listener, the hourly retention prune, the Policy Advisor's
// analysis schedule, and a graceful stop (open event streams ended, requests in flight finished,
// a running analysis finished, the store closed).
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { FleetStore } from '../store/fleet/fleet-store.js';
import { createApp } from './app.js';
import { LOGIN_WINDOW_MS } from './auth/login-limiter.js';

const RETENTION_EVERY_MS = 3_600_000;
const CLOSE_GRACE_MS = 5_000;

export interface ServeOptions {
  readonly store: FleetStore;
  readonly hostname: string;
  readonly port: number;
  readonly logger?: Logger;
  readonly webRoot?: string;
  readonly secureCookies?: boolean;
  readonly trustProxy?: boolean;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function pruneRetention(store: FleetStore, now = Date.now()): Promise<number> {
  let pruned = 0;
  for (const org of await store.orgs.list()) pruned += await store.pruneAudit(org.id, new Date(now - org.retentionDays * 86_400_000).toISOString());
  await store.loginSessions.deleteExpired(new Date(now).toISOString());
  await store.loginFailures.pruneBefore(new Date(now - LOGIN_WINDOW_MS).toISOString());
  return pruned;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const app = createApp({ store: o.store, logger: o.logger, webRoot: o.webRoot, secureCookies: o.secureCookies, trustProxy: o.trustProxy });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: o.hostname, port: o.port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const prune = (): void => {
    pruneRetention(o.store).then((n) => n && o.logger?.info({ pruned: n }, 'audit entries past retention pruned'), (err: unknown) => o.logger?.error({ err }, 'retention prune failed'));
  };
  prune();
  const timer = setInterval(prune, RETENTION_EVERY_MS);
  timer.unref();
  app.advisor.start();
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        app.close();
        const http = server as unknown as { closeAllConnections?: () => void; closeIdleConnections?: () => void };
        await new Promise<void>((resolve) => {
          // Connections finishing their last request (an event stream ending) go as soon as they are idle.
          const idle = setInterval(() => http.closeIdleConnections?.(), 50);
          const force = setTimeout(() => http.closeAllConnections?.(), CLOSE_GRACE_MS);
          server.close(() => {
            clearInterval(idle);
            clearTimeout(force);
            resolve();
          });
          http.closeIdleConnections?.();
        });
        await app.advisor.stop();
        await o.store.close();
      })();
      return closing;
    },
  };
}
