// The host daemon: one per WARDEN_HOME. Holds the policy, the rule pack and the detectors loaded,
// judges hook calls sent over $WARDEN_HOME/warden.sock, records every decision in the audit log
// before answering, reloads policy.yaml when it changes, and keeps Warden's hooks in place.
import { chmodSync, mkdirSync } from 'node:fs';
import type { AuditEntryInput } from '../../audit/entry.js';
import { WardenError } from '../../core/errors.js';
import { openHostAuditLog, type HostAuditLog } from '../../store/host-audit-log.js';
import type { HookAgent, HookInput } from '../../intercept/hooks/index.js';
import { loadJudgeParts } from '../hook/local-judge.js';
import { runHook, type RecordedBefore } from '../hook/run-hook.js';
import type { InstallEnv } from '../install/agents.js';
import type { HostSync, HostSyncStatus } from '../sync/host-sync.js';
import { readServerLink } from '../sync/server-link.js';
import { hookCheckEntry, restartedByHookEntry } from './daemon-entries.js';
import { watchFile, type Watch } from './file-watcher.js';
import { watchHooks } from './hook-watcher.js';
import { acquireLock, releaseLock } from './lock-file.js';
import type { Logger } from './logger.js';
import { daemonPaths, type DaemonPaths } from './paths.js';
import { PolicyGuard } from './policy-guard.js';
import { PolicyHolder, type PolicyInUse } from './policy-holder.js';
import { serveSocket, type SocketServer } from './socket-server.js';

export interface DaemonOptions {
  readonly wardenHome: string;
  /** The command install writes before `hook <agent>`, for putting removed hooks back. */
  readonly wardenCommand: string;
  readonly install: InstallEnv;
  readonly host: string;
  readonly version: string;
  readonly log: Logger;
  /** How often policy.yaml and the agent configs are compared, besides fs.watch. */
  readonly pollMs?: number;
  /** A hook found no daemon and started this one: recorded as an integrity event. */
  readonly startedByHook?: boolean;
}

export interface DaemonStatus {
  readonly pid: number;
  readonly version: string;
  readonly startedAt: string;
  readonly uptimeMs: number;
  readonly wardenHome: string;
  readonly socket: string;
  readonly policy: PolicyInUse;
  readonly counts: Readonly<Record<'requests' | 'decisions' | 'blocked' | 'wouldBlock' | 'auditFailures' | 'integrity', number>>;
  readonly audit: { readonly lastSeq: number | null };
  readonly rssBytes: number;
  /** The control plane this host reports to, when it is enrolled in one. */
  readonly server: HostSyncStatus | null;
}

export interface Daemon {
  readonly paths: DaemonPaths;
  status(): DaemonStatus;
  /** Stops accepting, answers what is in flight, signs a checkpoint, removes the socket and the lock. */
  stop(): Promise<void>;
}

function privateHome(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

export async function startDaemon(o: DaemonOptions): Promise<Daemon> {
  const paths = daemonPaths(o.wardenHome);
  const { log } = o;
  privateHome(o.wardenHome);
  const lock = acquireLock(paths.lock);
  if (lock.replacedStale !== undefined) log.warn({ pid: lock.replacedStale }, 'took over a stale daemon lock');
  const cleanups: Array<() => Promise<void> | void> = [() => releaseLock(paths.lock)];
  const undo = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    const parts = await loadJudgeParts();
    if (parts.kind === 'error') throw new WardenError('RULE_PACK', parts.message);
    const audit: HostAuditLog = await openHostAuditLog(o.wardenHome, { onWarning: (message, cause) => log.warn({ err: cause }, message) });
    cleanups.push(() => audit.close());

    const startedAt = new Date();
    const counts = { requests: 0, decisions: 0, blocked: 0, wouldBlock: 0, auditFailures: 0, integrity: 0 };
    const recordOwn = (entries: readonly AuditEntryInput[]): void => {
      if (entries.length === 0) return;
      counts.integrity += entries.filter((e) => e.type === 'integrity').length;
      audit.log.appendBatch(entries).then(() => sync?.nudge(), (error: unknown) => {
        counts.auditFailures++;
        log.error({ err: error }, 'cannot record in the audit log');
      });
    };

    // Enrolled in a control plane: its policy arrives as policy.yaml, the log goes up from here.
    let sync: HostSync | null = null;
    try {
      const link = readServerLink(o.wardenHome);
      if (link) {
        // Only an enrolled host loads the uploader and the discovery scan.
        const [{ startHostSync }, { startDiscoveryReports }] = await Promise.all([import('../sync/host-sync.js'), import('../sync/discoveries.js')]);
        const running = startHostSync({ wardenHome: o.wardenHome, link, store: audit.store, log });
        sync = running;
        cleanups.push(() => running.stop());
        const discoveries = startDiscoveryReports({ link, env: { home: o.install.home, cwd: o.install.home, env: o.install.env, platform: process.platform }, log, pollMs: o.pollMs });
        cleanups.push(() => discoveries.stop());
        log.info({ server: link.url, hostId: link.hostId }, 'reporting to the control plane');
      }
    } catch (error) {
      log.error({ err: error }, 'cannot read the control plane link; enforcing the local policy only');
    }

    const holder = new PolicyHolder(paths.policy, parts.parts);
    const policyGuard = new PolicyGuard(holder, o.wardenHome, o.host, log);
    const checkPolicy = async () => recordOwn(await policyGuard.check());
    await checkPolicy();

    const record = async (entries: readonly AuditEntryInput[], requestId?: string): Promise<RecordedBefore | undefined> => {
      try {
        if (requestId !== undefined) {
          const done = await audit.log.appendOnce(requestId, entries);
          // The hook gave up waiting and its fallback recorded the call first: counted there, not here.
          if (done.kind === 'already') {
            log.warn({ requestId }, 'the hook judged this call itself before the daemon answered; not recorded twice');
            return { already: done.records };
          }
        } else await audit.log.appendBatch(entries);
      } catch (error) {
        counts.auditFailures++;
        log.error({ err: error }, 'cannot record a decision in the audit log');
        throw error;
      }
      sync?.nudge();
      counts.decisions += entries.length;
      counts.blocked += entries.filter((e) => e.outcome === 'blocked').length;
      counts.wouldBlock += entries.filter((e) => e.outcome === 'would_block').length;
      return undefined;
    };
    const status = (): DaemonStatus => ({
      pid: process.pid,
      version: o.version,
      startedAt: startedAt.toISOString(),
      uptimeMs: Date.now() - startedAt.getTime(),
      wardenHome: o.wardenHome,
      socket: paths.socket,
      policy: holder.inUse,
      counts: { ...counts },
      audit: { lastSeq: audit.log.tail?.seq ?? null },
      rssBytes: process.memoryUsage().rss,
      server: sync?.status() ?? null,
    });
    const home = o.install.home;
    const hook = (agent: HookAgent, input: HookInput, t0: number, requestId?: string) => {
      counts.requests++;
      return runHook({ agent, input, policyPath: paths.policy, now: Date.now(), context: { host: o.host, home }, loadJudge: holder.loader, record, startedAt: t0, requestId });
    };

    // Before the first call it answers: in the log, the gap comes before the calls after it.
    if (o.startedByHook) {
      log.warn('started by a hook call that found no daemon running');
      recordOwn([restartedByHookEntry(o.host, paths.socket)]);
    }
    const server: SocketServer = await serveSocket(paths.socket, { hook, status }, log);
    cleanups.push(() => server.close());

    const pollMs = o.pollMs ?? 1_000;
    const policyWatch: Watch = watchFile(paths.policy, checkPolicy, { pollMs, onWatchError: (error) => log.warn({ err: error }, 'cannot watch the policy; polling only') });
    cleanups.push(() => policyWatch.close());
    const hooks = watchHooks({
      pollMs,
      options: () => ({ wardenHome: o.wardenHome, wardenCommand: o.wardenCommand, install: o.install, mode: holder.inUse.mode, now: new Date() }),
      onCheck: (check) => {
        log.warn({ agent: check.agent, file: check.file, status: check.status, events: check.events, message: check.message }, 'agent hooks changed outside Warden');
        recordOwn([hookCheckEntry(check, o.host)]);
      },
      onError: (error) => log.error({ err: error }, 'cannot check the agent hooks'),
    });
    cleanups.push(() => hooks.close());
    hooks.check();

    log.info({ socket: paths.socket, policy: holder.inUse, version: o.version }, 'daemon started');
    let stopping: Promise<void> | null = null;
    return {
      paths,
      status,
      stop: () => {
        stopping ??= (async () => {
          log.info('daemon stopping');
          await undo();
          log.info('daemon stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}
