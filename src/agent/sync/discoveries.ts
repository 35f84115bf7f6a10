// Reporting what discovery finds on this host to the control plane (POST /host/discoveries): at
// start and whenever an MCP client's config changes, only when the set differs from the last one
// the server took (a fingerprint kept in memory), retried with backoff while the server is away.
// What the org has already seen is not raised again by the server, so a resend is harmless.
import type { Logger } from '../daemon/logger.js';
import { watchConfigs } from '../discovery/config-watch.js';
import { fingerprint, wireItems, type WireItem } from '../discovery/wire.js';
import type { ClientEnv } from '../wrap/clients.js';
import { failure, hostApi, HostApiError, type HostApi } from './host-api.js';
import type { ServerLink } from './server-link.js';

export interface DiscoveryReportsOptions {
  readonly link: ServerLink;
  /** Whose client configs to read; project files are looked for under `cwd` and Claude Code's projects. */
  readonly env: ClientEnv;
  readonly log: Logger;
  readonly pollMs?: number;
  readonly maxBackoffMs?: number;
}

export interface DiscoveryStatus {
  readonly items: number;
  readonly reported: number | null;
  readonly reportedAt: string | null;
  readonly lastError: string | null;
}

export interface DiscoveryReports {
  status(): DiscoveryStatus;
  stop(): Promise<void>;
}

/** Sends one set; returns how many became pending approvals. */
export async function sendDiscoveries(api: HostApi, items: readonly WireItem[]): Promise<number> {
  const res = await api.request('POST', '/host/discoveries', { items });
  if (res.status !== 200) throw await failure(res, 'discoveries refused');
  const { pending } = (await res.json()) as { pending?: unknown };
  if (typeof pending !== 'number') throw new HostApiError('the control plane sent a discoveries answer of the wrong shape', 502);
  return pending;
}

export function startDiscoveryReports(o: DiscoveryReportsOptions): DiscoveryReports {
  const api = hostApi(o.link.url, o.link.hostToken);
  const maxBackoff = o.maxBackoffMs ?? 30_000;
  const abort = new AbortController();
  const state = { items: 0, reported: null as number | null, reportedAt: null as string | null, lastError: null as string | null };
  let wanted: { items: WireItem[]; hash: string } | null = null;
  let sent: string | null = null;
  let wake: (() => void) | null = null;
  /** Waits `ms` (null: until woken), or less when woken by a new set or the stop. */
  const pause = (ms: number | null): Promise<void> =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        if (t) clearTimeout(t);
        abort.signal.removeEventListener('abort', done);
        wake = null;
        resolve();
      };
      const t = ms === null ? null : setTimeout(done, ms);
      wake = done;
      abort.signal.addEventListener('abort', done, { once: true });
    });

  const watch = watchConfigs({
    env: o.env,
    pollMs: o.pollMs,
    onReport: (report) => {
      const items = wireItems(report.items);
      const hash = fingerprint(items);
      state.items = items.length;
      if (hash === wanted?.hash) return;
      for (const s of report.skipped) o.log.debug({ file: s.file, name: s.name, reason: s.reason }, 'discovery skipped a config entry');
      wanted = { items, hash };
      wake?.();
    },
    onError: (error) => o.log.error({ err: error }, 'cannot discover the MCP servers on this host'),
  });

  const loop = async (): Promise<void> => {
    let backoff = 1_000;
    while (!abort.signal.aborted) {
      const next = wanted;
      if (!next || next.hash === sent) {
        await pause(null);
        continue;
      }
      try {
        const pending = await sendDiscoveries(api, next.items);
        sent = next.hash;
        state.reported = next.items.length;
        state.reportedAt = new Date().toISOString();
        state.lastError = null;
        backoff = 1_000;
        o.log.info({ items: next.items.length, pending }, 'discoveries reported to the control plane');
      } catch (error) {
        if (abort.signal.aborted) break;
        state.lastError = error instanceof Error ? error.message : String(error);
        o.log.warn({ err: error }, 'discoveries not reported');
        await pause(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  };

  // After the daemon's start, not during it: reading every config takes a moment.
  const first = setImmediate(() => watch.check());
  const running = loop();
  return {
    status: () => ({ ...state }),
    async stop() {
      clearImmediate(first);
      watch.close();
      abort.abort();
      await running;
    },
  };
}
