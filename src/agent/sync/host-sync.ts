// The daemon's link to the control plane: a server-sent event stream that says when the host's
// policy changed (fetched and installed within seconds, pushed, not polled), and an upload loop
// that sends new audit entries shortly after they are written and retries with backoff while the
// server is away.
import type { AuditStore } from '../../audit/audit-store.js';
import type { Logger } from '../daemon/logger.js';
import { hostApi, HostApiError } from './host-api.js';
import { uploadRound, writeUploadCursor } from './audit-uploader.js';
import { fetchPolicy, installServerPolicy } from './server-policy.js';
import type { ServerLink } from './server-link.js';
import { readSse } from './sse-reader.js';

export interface HostSyncOptions {
  readonly wardenHome: string;
  readonly link: ServerLink;
  readonly store: AuditStore;
  readonly log: Logger;
  /** How long after a nudge (or since the last round) entries wait before they are sent. */
  readonly uploadDelayMs?: number;
  /** The longest wait between retries. */
  readonly maxBackoffMs?: number;
}

export interface HostSyncStatus {
  readonly server: string;
  readonly hostId: string;
  readonly connected: boolean;
  readonly policyEtag: string | null;
  readonly uploadedThrough: number | null;
  readonly lastError: string | null;
}

export interface HostSync {
  /** New entries are in the local log: upload soon. */
  nudge(): void;
  status(): HostSyncStatus;
  /** Sends what is left (bounded wait), then stops both loops. */
  stop(): Promise<void>;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function startHostSync(o: HostSyncOptions): HostSync {
  const api = hostApi(o.link.url, o.link.hostToken);
  const streamApi = hostApi(o.link.url, o.link.hostToken, 2 ** 31 - 1);
  const uploadDelay = o.uploadDelayMs ?? 500;
  const maxBackoff = o.maxBackoffMs ?? 30_000;
  const abort = new AbortController();
  const state = { connected: false, policyEtag: null as string | null, uploadedThrough: null as number | null, lastError: null as string | null };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      abort.signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  const problem = (what: string, error: unknown): void => {
    state.lastError = `${what}: ${errorText(error)}`;
    o.log.warn({ err: error }, what);
  };
  /** Where the server's copy ends, for `warden audit prune`; a cursor not written only keeps more. */
  const keepCursor = (stored: number): void => {
    try {
      writeUploadCursor(o.wardenHome, { server: o.link.url, hostId: o.link.hostId, stored });
    } catch (error) {
      o.log.warn({ err: error }, 'cannot write the upload cursor');
    }
  };

  const applyPolicy = async (etag?: string): Promise<void> => {
    if (etag !== undefined && etag === state.policyEtag) return;
    const policy = await fetchPolicy(api);
    const changed = installServerPolicy(o.wardenHome, policy);
    state.policyEtag = policy.etag;
    if (changed) o.log.info({ role: policy.role.name, mode: policy.role.mode, version: policy.role.version }, 'policy from the control plane installed');
  };

  const policyLoop = async (): Promise<void> => {
    let backoff = 1_000;
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(`${streamApi.url}/api/v1/host/events`, { headers: { authorization: `Bearer ${o.link.hostToken}`, accept: 'text/event-stream' }, signal: abort.signal });
        if (res.status !== 200 || !res.body) throw new HostApiError(`the event stream answered ${res.status}`, res.status);
        state.connected = true;
        backoff = 1_000;
        for await (const event of readSse(res.body)) {
          if (event.event !== 'policy') continue;
          let etag: string | undefined;
          try {
            etag = (JSON.parse(event.data) as { etag?: unknown }).etag as string | undefined;
          } catch {
            etag = undefined;
          }
          await applyPolicy(typeof etag === 'string' ? etag : undefined).catch((e: unknown) => problem('policy from the control plane not installed', e));
        }
      } catch (error) {
        if (abort.signal.aborted) break;
        problem('control plane event stream', error);
      }
      state.connected = false;
      if (abort.signal.aborted) break;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  };

  let wake: (() => void) | null = null;
  let pending = true;
  const uploadLoop = async (): Promise<void> => {
    let backoff = 1_000;
    while (!abort.signal.aborted) {
      if (!pending) await new Promise<void>((resolve) => {
        wake = resolve;
        abort.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      wake = null;
      if (abort.signal.aborted) break;
      await sleep(uploadDelay);
      pending = false;
      try {
        const round = await uploadRound(api, o.store, undefined, abort.signal, keepCursor);
        state.uploadedThrough = round.stored;
        if (round.integrity.length > 0) o.log.error({ integrity: round.integrity }, 'the control plane found integrity problems in the uploaded log');
        backoff = 1_000;
      } catch (error) {
        if (abort.signal.aborted) break;
        problem('audit upload', error);
        pending = true;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  };

  const loops = Promise.all([policyLoop(), uploadLoop()]);
  return {
    nudge() {
      pending = true;
      wake?.();
    },
    status: () => ({ server: o.link.url, hostId: o.link.hostId, ...state }),
    async stop() {
      abort.abort();
      await loops;
      // One last round so a clean stop leaves nothing behind; bounded, and harmless if it fails.
      await Promise.race([uploadRound(api, o.store, undefined, undefined, keepCursor).then((r) => (state.uploadedThrough = r.stored)).catch(() => undefined), new Promise((r) => setTimeout(r, 3_000).unref())]);
    },
  };
}
