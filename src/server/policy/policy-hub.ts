// The hosts connected to this server process by event stream, and the push of new policy to
// them: when the store's notifier says an org's policies changed (a change made through this
// process or, on PostgreSQL, through any replica), every connected host of that org whose
// policy etag moved gets an event.
import type { Logger } from 'pino';
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import type { HostRecord } from '../../store/fleet/types.js';
import { hostPolicy, policyEvent, type HostPolicy, type PolicyEvent } from './host-policy.js';

/** Changes that arrive within this window are pushed together. */
const COALESCE_MS = 20;

export interface HostConnection {
  readonly hostId: string;
  readonly orgId: string;
  /** Resolves when the connection is closed (by the host leaving, or by shutdown). */
  readonly done: Promise<void>;
  readonly closed: boolean;
  close(): void;
  /** Sends the host's current policy event if it differs from the last one sent. */
  refresh(policies?: PolicyCache): Promise<void>;
}

/** Policies computed during one refresh of an org, shared by its hosts: one per role, not one per host. */
export class PolicyCache {
  private readonly byRole = new Map<string, Promise<HostPolicy>>();
  private hosts: Promise<Map<string, HostRecord>> | null = null;

  constructor(private readonly store: FleetStore, private readonly orgId: string) {}

  host(id: string): Promise<HostRecord | undefined> {
    this.hosts ??= this.store.hosts.list(this.orgId).then((list) => new Map(list.map((h) => [h.id, h])));
    return this.hosts.then((m) => m.get(id));
  }

  policy(host: HostRecord): Promise<HostPolicy> {
    const key = host.roleId ?? '';
    let p = this.byRole.get(key);
    if (!p) this.byRole.set(key, (p = hostPolicy(this.store, host)));
    return p;
  }
}

type Send = (event: PolicyEvent) => Promise<void>;

export class PolicyHub {
  private readonly byOrg = new Map<string, Set<HostConnection>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: FleetStore, private readonly logger?: Logger) {
    this.unsubscribe = store.notifier.subscribe((e) => this.schedule(e.orgId));
  }

  /** Tells every process sharing the store that this org's policies changed. */
  async changed(orgId: string): Promise<void> {
    await this.store.notifier.publish({ kind: 'policy', orgId });
  }

  connect(host: HostRecord, send: Send): HostConnection {
    let closed = false;
    let lastEtag: string | null = null;
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolveDone = r));
    const set = this.byOrg.get(host.orgId) ?? new Set<HostConnection>();
    this.byOrg.set(host.orgId, set);
    const store = this.store;
    const conn: HostConnection = {
      hostId: host.id,
      orgId: host.orgId,
      done,
      get closed() {
        return closed;
      },
      close() {
        if (closed) return;
        closed = true;
        set.delete(conn);
        resolveDone();
      },
      async refresh(policies = new PolicyCache(store, host.orgId)) {
        if (closed) return;
        const current = await policies.host(host.id);
        if (!current) return conn.close();
        const policy = await policies.policy(current);
        if (policy.etag === lastEtag || closed) return;
        lastEtag = policy.etag;
        await send(policyEvent(policy));
      },
    };
    set.add(conn);
    return conn;
  }

  isConnected(hostId: string): boolean {
    for (const set of this.byOrg.values()) for (const c of set) if (c.hostId === hostId) return true;
    return false;
  }

  private schedule(orgId: string): void {
    if (this.pending.has(orgId) || !this.byOrg.get(orgId)?.size) return;
    this.pending.set(orgId, setTimeout(() => {
      this.pending.delete(orgId);
      void this.refreshOrg(orgId);
    }, COALESCE_MS));
  }

  private async refreshOrg(orgId: string): Promise<void> {
    const policies = new PolicyCache(this.store, orgId);
    for (const conn of [...(this.byOrg.get(orgId) ?? [])]) {
      try {
        await conn.refresh(policies);
      } catch (error) {
        this.logger?.warn({ err: error, hostId: conn.hostId }, 'could not push policy to a host; closing its stream');
        conn.close();
      }
    }
  }

  closeAll(): void {
    this.unsubscribe();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    for (const set of this.byOrg.values()) for (const c of [...set]) c.close();
  }
}
