// The fleet store conformance suite: one set of expectations, run against SQLite and PostgreSQL.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { chainBatch, type ChainState } from '../../audit/chain-batch.js';
import { signCheckpoint, type SignedCheckpoint } from '../../audit/checkpoint.js';
import type { AuditEntryInput, AuditRecord } from '../../audit/entry.js';
import { keyIdOf, type HostKey } from '../../audit/host-key.js';
import { normaliseEntry } from '../../audit/normalise.js';
import type { FleetStore } from './fleet-store.js';
import { fleetTargets, type FleetPlace } from './fleet-targets.js';
import { hashSecret, newSecret } from './ids.js';
import type { FleetEvent } from './notifier.js';

function hostKey(): HostKey {
  const pair = generateKeyPairSync('ed25519');
  return { ...pair, keyId: keyIdOf(pair.publicKey) };
}

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const EMPTY: ChainState = { tail: null, lastTimeMs: 0, unsigned: 0, lastCheckpointMs: T0 };

function entry(i: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    type: 'command', host: 'dev-1', agent: i % 2 ? 'claude-code' : 'cursor', session: `s-${i % 3}`, tool: 'Bash', binary: ['git', 'rm', 'curl'][i % 3]!,
    subject: `command ${i}`, verdict: i % 5 === 0 ? 'block' : 'allow', outcome: i % 5 === 0 ? 'blocked' : 'allowed', severity: i % 5 === 0 ? 'high' : 'info',
    role: 'dev', mode: 'enforce', rule: null, reason: `reason ${i}`, ...over,
  };
}

/** A host's log of `n` entries, one batch per entry a minute apart, checkpoints every 4. */
function hostLog(key: HostKey, n: number, from = EMPTY): { records: AuditRecord[]; checkpoints: SignedCheckpoint[]; state: ChainState } {
  let state = from;
  const records: AuditRecord[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  const start = (state.tail?.seq ?? 0) + 1;
  for (let i = start; i < start + n; i++) {
    const b = chainBatch(state, [normaliseEntry(entry(i))], T0 + i * 60_000, { every: 4, intervalMs: 3_600_000 }, (at, time) => signCheckpoint(key, 'checkpoint', at, time));
    state = b.state;
    records.push(...b.records);
    checkpoints.push(...b.checkpoints);
  }
  return { records, checkpoints, state };
}

const pem = (k: HostKey): string => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function setup(store: FleetStore, name = 'acme') {
  const org = await store.orgs.create(name, 90);
  const role = await store.roles.create(org.id, { name: 'default', description: '', mode: 'monitor', isDefault: true, spec: {}, risk: null });
  const key = hostKey();
  const host = await store.hosts.enroll(org.id, { hostname: `${name}-dev-1`, publicKey: pem(key), keyId: key.keyId, os: 'linux', agentVersion: '0.1.0', tokenHash: hashSecret(newSecret('wht')), roleId: null });
  return { org, role, key, host };
}

for (const target of await fleetTargets()) {
  describe.skipIf(target.unavailable !== null)(`fleet store: ${target.dialect}`, () => {
    let place: FleetPlace | null = null;
    const open = (): Promise<FleetStore> => (place ??= target.place()).open();
    afterEach(async () => {
      await place?.remove();
      place = null;
    });

    it('keeps users unique by email whatever the case, and sessions until they expire', async () => {
      const store = await open();
      const { org } = await setup(store);
      const user = await store.users.create(org.id, 'Ann@Example.com', 'hash', 'admin');
      expect(user.email).toBe('ann@example.com');
      await expect(store.users.create(org.id, 'ANN@example.com', 'h', 'viewer')).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await store.users.byEmail('ann@EXAMPLE.com'))?.passwordHash).toBe('hash');
      await store.loginSessions.create(user, 'live', 'csrf1', new Date(Date.now() + 60_000).toISOString());
      await store.loginSessions.create(user, 'old', 'csrf2', new Date(Date.now() - 1).toISOString());
      expect((await store.loginSessions.get('live'))?.user.id).toBe(user.id);
      expect(await store.loginSessions.get('old')).toBeNull();
      await store.users.delete(org.id, user.id);
      expect(await store.loginSessions.get('live')).toBeNull();
    });

    it('counts hosts per role, the default role taking hosts without one, and deleting a role moves its hosts to the default', async () => {
      const store = await open();
      const { org, role, host } = await setup(store);
      const strict = await store.roles.create(org.id, { name: 'strict', description: 'prod', mode: 'enforce', isDefault: false, spec: { commands: [{ pattern: 'ssh *', action: 'deny' }] }, risk: null });
      expect((await store.roles.list(org.id)).map((r) => [r.name, r.hostCount])).toEqual([['default', 1], ['strict', 0]]);
      await store.hosts.assignRole(org.id, [host.id], strict.id);
      expect((await store.roles.list(org.id)).map((r) => [r.name, r.hostCount])).toEqual([['default', 0], ['strict', 1]]);
      expect((await store.roles.effectiveFor(org.id, strict.id))?.name).toBe('strict');
      expect((await store.roles.effectiveFor(org.id, null))?.name).toBe('default');
      const updated = await store.roles.update(org.id, strict.id, { mode: 'monitor' });
      expect([updated.mode, updated.version, updated.spec]).toEqual(['monitor', 2, { commands: [{ pattern: 'ssh *', action: 'deny' }] }]);
      await expect(store.roles.create(org.id, { name: 'strict', description: '', mode: 'monitor', isDefault: false, spec: {}, risk: null })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(store.roles.delete(org.id, role.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store.roles.delete(org.id, strict.id)).toEqual({ hostsReassigned: 1 });
      expect((await store.hosts.get(org.id, host.id)).roleId).toBeNull();
      expect((await store.roles.list(org.id)).map((r) => [r.name, r.hostCount])).toEqual([['default', 1]]);
    });

    it('makes one role the default at a time', async () => {
      const store = await open();
      const { org, role } = await setup(store);
      const other = await store.roles.create(org.id, { name: 'other', description: '', mode: 'monitor', isDefault: true, spec: {}, risk: null });
      expect((await store.roles.getDefault(org.id))?.id).toBe(other.id);
      expect((await store.roles.get(org.id, role.id)).isDefault).toBe(false);
      await expect(store.roles.update(org.id, other.id, { isDefault: false })).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('never reads or changes another org’s rows', async () => {
      const store = await open();
      const a = await setup(store, 'a');
      const b = await setup(store, 'b');
      await expect(store.roles.get(a.org.id, b.role.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.roles.update(a.org.id, b.role.id, { mode: 'enforce' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.hosts.get(a.org.id, b.host.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.hosts.assignRole(a.org.id, [a.host.id, b.host.id], null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(store.hosts.assignRole(a.org.id, [a.host.id], b.role.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await store.hosts.list(a.org.id)).map((h) => h.id)).toEqual([a.host.id]);
      await store.ingest(b.host, hostLog(b.key, 3).records, []);
      expect((await store.queryAudit(a.org.id, {}, { limit: 10 })).entries).toEqual([]);
      expect((await store.queryAudit(b.org.id, {}, { limit: 10 })).entries).toHaveLength(3);
    });

    it('consumes an enrollment token only while it is live', async () => {
      const store = await open();
      const { org } = await setup(store);
      const live = await store.enrollmentTokens.create(org.id, 'h1', { roleId: null, expiresAt: new Date(Date.now() + 60_000).toISOString(), createdBy: null });
      await store.enrollmentTokens.create(org.id, 'h2', { roleId: null, expiresAt: new Date(Date.now() - 1).toISOString(), createdBy: null });
      expect((await store.enrollmentTokens.consume('h1'))?.uses).toBe(1);
      expect(await store.enrollmentTokens.consume('h2')).toBeNull();
      await store.enrollmentTokens.revoke(org.id, live.id);
      expect(await store.enrollmentTokens.consume('h1')).toBeNull();
    });

    it('re-enrolling with the same key keeps the host and replaces its token', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      const again = await store.hosts.enroll(org.id, { hostname: 'renamed', publicKey: pem(key), keyId: key.keyId, os: null, agentVersion: null, tokenHash: 'new', roleId: null });
      expect(again.id).toBe(host.id);
      expect((await store.hosts.byTokenHash('new'))?.hostname).toBe('renamed');
    });

    describe('audit upload', () => {
      it('stores a host log whole, idempotently, and resumes after a gap', async () => {
        const store = await open();
        const { org, key, host } = await setup(store);
        const log = hostLog(key, 10);
        const first = await store.ingest(host, log.records.slice(0, 6), log.checkpoints.filter((c) => c.seq <= 6));
        expect(first).toMatchObject({ stored: 6, accepted: 6, duplicates: 0, integrity: [] });
        const again = await store.ingest(host, log.records.slice(0, 6), log.checkpoints);
        expect(again).toMatchObject({ stored: 6, accepted: 0, duplicates: 6, integrity: [] });
        const gap = await store.ingest(host, log.records.slice(7), []);
        expect(gap).toMatchObject({ stored: 6, accepted: 0 });
        const rest = await store.ingest(host, [...log.records.slice(5)].reverse(), log.checkpoints);
        expect(rest).toMatchObject({ stored: 10, accepted: 4, duplicates: 1, integrity: [] });
        const page = await store.queryAudit(org.id, {}, { limit: 100 });
        expect(page.entries.map((e) => e.seq)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        expect(page.entries[0]).toMatchObject({ ...log.records[9], hostId: host.id });
        expect((await store.hosts.get(org.id, host.id)).integrity).toBe('ok');
      });

      it('reports an entry that does not chain, a rewritten entry, a forged signature and a signed hash that differs', async () => {
        const store = await open();
        const { org, key, host } = await setup(store);
        const log = hostLog(key, 8);
        const changed = log.records.map((r) => (r.seq === 3 ? { ...r, subject: 'rm -rf / (edited)' } : r));
        const r1 = await store.ingest(host, changed.slice(0, 4), []);
        expect(r1.stored).toBe(4);
        expect(r1.integrity).toEqual([expect.objectContaining({ seq: 3, problem: 'hash_mismatch' })]);
        const r2 = await store.ingest(host, [{ ...log.records[1]!, hash: 'f'.repeat(64) }], []);
        expect(r2.integrity).toEqual([expect.objectContaining({ seq: 2, problem: 'rewritten' })]);
        const forged = signCheckpoint(hostKey(), 'checkpoint', { seq: 4, hash: log.records[3]!.hash }, log.records[3]!.time);
        const r3 = await store.ingest(host, [], [forged]);
        expect(r3.integrity).toEqual([expect.objectContaining({ seq: 4, problem: 'bad_signature' })]);
        const lying = signCheckpoint(key, 'checkpoint', { seq: 6, hash: 'a'.repeat(64) }, log.records[5]!.time);
        const r4 = await store.ingest(host, log.records.slice(4), [lying]);
        expect(r4.stored).toBe(8);
        expect(r4.integrity).toEqual([expect.objectContaining({ seq: 6, problem: 'checkpoint_mismatch' })]);
        expect((await store.hosts.get(org.id, host.id)).integrity).toBe('broken');
      });

      it('stores concurrent uploads of overlapping batches once', async () => {
        const a = await open();
        // PostgreSQL: through two pools, as two replicas would. (Two SQLite connections in one
        // process would block each other's thread: better-sqlite3 waits for a lock synchronously.)
        const b = target.dialect === 'postgres' ? await open() : a;
        const { org, key, host } = await setup(a);
        const log = hostLog(key, 40);
        const results = await Promise.all([
          a.ingest(host, log.records.slice(0, 30), log.checkpoints),
          b.ingest(host, log.records.slice(10), log.checkpoints),
          a.ingest(host, log.records, log.checkpoints),
        ]);
        expect(results.flatMap((r) => r.integrity)).toEqual([]);
        expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(40);
        expect((await b.hosts.get(org.id, host.id)).lastSeq).toBe(40);
        const seqs: number[] = [];
        for await (const e of b.iterateAudit(org.id, {})) seqs.push(e.seq);
        expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => 40 - i));
      });

      it('starts from the signed anchor of a host whose log was pruned before its first upload', async () => {
        const store = await open();
        const { key, host } = await setup(store);
        const log = hostLog(key, 6);
        const anchor = signCheckpoint(key, 'anchor', { seq: 3, hash: log.records[2]!.hash }, log.records[2]!.time);
        const r = await store.ingest(host, log.records.slice(3), [anchor]);
        expect(r).toMatchObject({ stored: 6, accepted: 3, integrity: [] });
      });
    });

    it('filters and pages the fleet audit log like warden audit list', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      await store.ingest(host, hostLog(key, 30).records, []);
      const blocked = await store.queryAudit(org.id, { outcomes: ['blocked'] }, { limit: 100 });
      expect(blocked.entries.map((e) => e.seq)).toEqual([30, 25, 20, 15, 10, 5]);
      const two = await store.queryAudit(org.id, { binaries: ['git', 'rm'], agents: ['cursor'] }, { limit: 100 });
      expect(two.entries.every((e) => ['git', 'rm'].includes(e.binary!) && e.agent === 'cursor')).toBe(true);
      expect(two.entries.map((e) => e.seq)).toEqual([30, 28, 24, 22, 18, 16, 12, 10, 6, 4]);
      const since = new Date(T0 + 10 * 60_000).toISOString();
      const until = new Date(T0 + 13 * 60_000).toISOString();
      expect((await store.queryAudit(org.id, { since, until }, { limit: 100 })).entries.map((e) => e.seq)).toEqual([12, 11, 10]);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<FleetStore['queryAudit']>> = await store.queryAudit(org.id, { severities: ['info', 'high'] }, { limit: 7, cursor });
        seen.push(...page.entries.map((e) => e.seq));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
      await expect(store.queryAudit(org.id, {}, { limit: 5, cursor: 'nonsense' })).rejects.toMatchObject({ code: 'INVALID' });
    });

    it('lists sessions and one session’s calls in time order', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      await store.ingest(host, hostLog(key, 9).records, []);
      const all = await store.listSessions(org.id, { limit: 10 });
      expect(all.sessions.map((s) => [s.session, s.calls, s.blocked])).toEqual([['s-0', 3, 0], ['s-2', 3, 1], ['s-1', 3, 0]]);
      expect(all.nextCursor).toBeNull();
      expect((await store.sessionCalls(org.id, 's-2', host.id, 100)).map((e) => e.seq)).toEqual([2, 5, 8]);
    });

    it('pages sessions with a cursor: every session once, newest activity first, across hosts with the same session ids', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      await store.ingest(host, hostLog(key, 9).records, []);
      const other = hostKey();
      const second = await store.hosts.enroll(org.id, { hostname: 'acme-dev-2', publicKey: pem(other), keyId: other.keyId, os: 'linux', agentVersion: '0.1.0', tokenHash: hashSecret(newSecret('wht')), roleId: null });
      // The second host's log has the same session ids and the same times.
      await store.ingest(second, hostLog(other, 9).records, []);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<FleetStore['listSessions']>> = await store.listSessions(org.id, { limit: 4, cursor });
        expect(page.sessions.length).toBeLessThanOrEqual(4);
        seen.push(...page.sessions.map((s) => `${s.hostname}/${s.session}`));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(2);
      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
      const whole = await store.listSessions(org.id, { limit: 100 });
      expect(seen).toEqual(whole.sessions.map((s) => `${s.hostname}/${s.session}`));
      await expect(store.listSessions(org.id, { limit: 5, cursor: 'nonsense' })).rejects.toMatchObject({ code: 'INVALID' });
    });

    it('keeps session summaries as entries arrive in several uploads, and filters them by activity window and host', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      const log = hostLog(key, 9);
      // Two uploads, the second repeating the last entry of the first: it is counted once.
      await store.ingest(host, log.records.slice(0, 5), []);
      await store.ingest(host, log.records.slice(4), log.checkpoints);
      const all = await store.listSessions(org.id, { limit: 10 });
      expect(all.sessions.map((s) => [s.session, s.calls, s.blocked, s.firstTime, s.lastTime])).toEqual([
        ['s-0', 3, 0, log.records[2]!.time, log.records[8]!.time],
        ['s-2', 3, 1, log.records[1]!.time, log.records[7]!.time],
        ['s-1', 3, 0, log.records[0]!.time, log.records[6]!.time],
      ]);
      expect(all.sessions[0]).toMatchObject({ hostId: host.id, hostname: host.hostname, agent: 'cursor', wouldBlock: 0 });
      // Sessions active in the window: s-1 ends at entry 7, s-0 starts at entry 3.
      const inWindow = await store.listSessions(org.id, { limit: 10, since: log.records[7]!.time, until: log.records[2]!.time });
      expect(inWindow.sessions.map((s) => s.session)).toEqual(['s-2']);
      const other = await setup(store, 'globex');
      await store.ingest(other.host, hostLog(other.key, 4).records, []);
      expect((await store.listSessions(org.id, { limit: 10 })).sessions.every((s) => s.hostId === host.id)).toBe(true);
      expect((await store.listSessions(org.id, { limit: 10, hostId: other.host.id })).sessions).toEqual([]);
      expect((await store.listSessions(other.org.id, { limit: 10 })).sessions.map((s) => [s.session, s.calls])).toEqual([['s-1', 2], ['s-0', 1], ['s-2', 1]]);
    });

    it('recounts sessions when old entries are pruned, and drops the ones left empty', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      const log = hostLog(key, 9);
      await store.ingest(host, log.records, log.checkpoints);
      // Entries 1..4 go: s-1 keeps 7 (and 4 goes), s-2 keeps 5 and 8, s-0 keeps 6 and 9.
      expect(await store.pruneAudit(org.id, log.records[4]!.time)).toBe(4);
      const after = await store.listSessions(org.id, { limit: 10 });
      expect(after.sessions.map((s) => [s.session, s.calls, s.blocked, s.firstTime])).toEqual([
        ['s-0', 2, 0, log.records[5]!.time], ['s-2', 2, 1, log.records[4]!.time], ['s-1', 1, 0, log.records[6]!.time],
      ]);
      expect(await store.pruneAudit(org.id, '2100-01-01T00:00:00.000Z')).toBe(5);
      expect((await store.listSessions(org.id, { limit: 10 })).sessions).toEqual([]);
    });

    it('records when a host was put under its role: at enrollment, on a change of role, when its role goes or the default it follows changes', async () => {
      const store = await open();
      const { org, role, host } = await setup(store);
      expect(Date.parse(host.roleAssignedAt)).toBeGreaterThan(Date.now() - 60_000);
      const old = '2025-01-01T00:00:00.000Z';
      const since = async (): Promise<string> => (await store.hosts.get(org.id, host.id)).roleAssignedAt;
      const backdate = () => store.db.updateTable('hosts').set({ role_assigned_at: old }).where('id', '=', host.id).execute();
      await backdate();
      // The default role it follows already: no change, the time stands.
      await store.hosts.assignRole(org.id, [host.id], null);
      expect(await since()).toBe(old);
      const ops = await store.roles.create(org.id, { name: 'ops', description: '', mode: 'monitor', isDefault: false, spec: {}, risk: null });
      expect(await store.hosts.assignRole(org.id, [host.id], ops.id)).toBe(1);
      expect(await since()).not.toBe(old);
      await backdate();
      await store.hosts.assignRole(org.id, [host.id], ops.id);
      expect(await since()).toBe(old);
      await store.roles.delete(org.id, ops.id);
      expect(await since()).not.toBe(old);
      await backdate();
      // A new default takes over the hosts that follow the default.
      await store.roles.update(org.id, role.id, { description: 'still the default' });
      expect(await since()).toBe(old);
      await store.roles.create(org.id, { name: 'new-default', description: '', mode: 'monitor', isDefault: true, spec: {}, risk: null });
      expect(await since()).not.toBe(old);
    });

    it('back-fills role assignment times: after the last entry recorded under another role, else at enrollment', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      const other = hostKey();
      const moved = await store.hosts.enroll(org.id, { hostname: 'moved', publicKey: pem(other), keyId: other.keyId, os: 'linux', agentVersion: '0.1.0', tokenHash: hashSecret(newSecret('wht')), roleId: null });
      // Both follow the default role (named 'default'); the second recorded entries 1..3 under 'ops' first.
      const log = (k: HostKey, roleOf: (i: number) => string) => {
        let state = EMPTY;
        const records: AuditRecord[] = [];
        for (let i = 1; i <= 6; i++) {
          const b = chainBatch(state, [normaliseEntry(entry(i, { role: roleOf(i) }))], T0 + i * 60_000, { every: 100, intervalMs: 3_600_000 }, (at, time) => signCheckpoint(k, 'checkpoint', at, time));
          state = b.state;
          records.push(...b.records);
        }
        return records;
      };
      await store.ingest(host, log(key, () => 'default'), []);
      const movedLog = log(other, (i) => (i <= 3 ? 'ops' : 'default'));
      await store.ingest(moved, movedLog, []);
      await store.db.updateTable('hosts').set({ enrolled_at: '2025-02-01T00:00:00.000Z' }).execute();
      await store.db.schema.alterTable('hosts').dropColumn('role_assigned_at').execute();
      await store.db.deleteFrom('warden_fleet_migrations' as never).where('name' as never, '>=', '0007' as never).execute();
      const reopened = await place!.open();
      try {
        expect((await reopened.hosts.get(org.id, host.id)).roleAssignedAt).toBe('2025-02-01T00:00:00.000Z');
        expect((await reopened.hosts.get(org.id, moved.id)).roleAssignedAt).toBe(movedLog[2]!.time);
      } finally {
        await reopened.close();
      }
    });

    it('back-fills the session summaries from entries stored before they existed', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      await store.ingest(host, hostLog(key, 9).records, []);
      const before = await store.listSessions(org.id, { limit: 10 });
      // The database as it was before migration 0006: no summaries.
      await store.db.schema.dropTable('fleet_sessions').execute();
      await store.db.schema.alterTable('hosts').dropColumn('role_assigned_at').execute();
      await store.db.deleteFrom('warden_fleet_migrations' as never).where('name' as never, '>=', '0006' as never).execute();
      const reopened = await place!.open();
      try {
        expect(await reopened.listSessions(org.id, { limit: 10 })).toEqual(before);
      } finally {
        await reopened.close();
      }
    });

    it('counts would_block entries of a session', async () => {
      const store = await open();
      const { org, key, host } = await setup(store);
      const b = chainBatch(EMPTY, [normaliseEntry(entry(1, { outcome: 'would_block', verdict: 'block', mode: 'monitor' })), normaliseEntry(entry(4, { outcome: 'would_block', verdict: 'block', mode: 'monitor' }))], T0, { every: 4, intervalMs: 3_600_000 }, (at, time) => signCheckpoint(key, 'checkpoint', at, time));
      await store.ingest(host, b.records, b.checkpoints);
      expect((await store.listSessions(org.id, { limit: 10 })).sessions.map((s) => [s.session, s.calls, s.blocked, s.wouldBlock])).toEqual([['s-1', 2, 0, 2]]);
    });

    it('reads advisor settings over the defaults, days saved before hours as hours, and bad members as their default', async () => {
      const store = await open();
      const { org } = await setup(store);
      expect(org.advisor).toEqual({ enabled: true, schedule: 'weekly', minObservationHours: 48, confidenceThreshold: 60 });
      await store.db.updateTable('orgs').set({ advisor: JSON.stringify({ enabled: false, minObservationDays: 3, schedule: 'hourly', confidenceThreshold: '90' }) }).where('id', '=', org.id).execute();
      expect((await store.orgs.get(org.id)).advisor).toEqual({ enabled: false, schedule: 'weekly', minObservationHours: 72, confidenceThreshold: 60 });
      await store.db.updateTable('orgs').set({ advisor: '{not json' }).where('id', '=', org.id).execute();
      expect((await store.orgs.get(org.id)).advisor.minObservationHours).toBe(48);
      expect((await store.orgs.update(org.id, { advisor: { schedule: 'daily' } })).advisor).toEqual({ enabled: true, schedule: 'daily', minObservationHours: 48, confidenceThreshold: 60 });
    });

    it('lets one claimant run an org’s advisor analysis until it finishes or its claim runs out', async () => {
      const store = await open();
      const { org } = await setup(store);
      const t = (m: number): string => new Date(T0 + m * 60_000).toISOString();
      expect(await store.advisorRuns.get(org.id, t(0))).toEqual({ lastStartedAt: null, lastFinishedAt: null, running: false, lastResult: null });
      expect(await store.advisorRuns.claim(org.id, 'a', { now: t(0), dueBefore: t(-60), until: t(10) })).toBe(true);
      expect(await store.advisorRuns.claim(org.id, 'b', { now: t(1), dueBefore: null, until: t(11) })).toBe(false);
      expect((await store.advisorRuns.get(org.id, t(1))).running).toBe(true);
      await store.advisorRuns.finish(org.id, 'a', { roles: 1, suggestions: 1, skipped: [] }, t(2));
      expect(await store.advisorRuns.get(org.id, t(3))).toEqual({ lastStartedAt: t(0), lastFinishedAt: t(2), running: false, lastResult: { roles: 1, suggestions: 1, skipped: [] } });
      // Not due again until a run that started before dueBefore; a forced run (no dueBefore) is.
      expect(await store.advisorRuns.claim(org.id, 'b', { now: t(3), dueBefore: t(-1), until: t(13) })).toBe(false);
      expect(await store.advisorRuns.claim(org.id, 'b', { now: t(3), dueBefore: t(0), until: t(13) })).toBe(true);
      // b dies holding the claim: a takes over once it runs out, and b's late finish changes nothing.
      expect(await store.advisorRuns.claim(org.id, 'a', { now: t(12), dueBefore: null, until: t(22) })).toBe(false);
      expect(await store.advisorRuns.claim(org.id, 'a', { now: t(14), dueBefore: null, until: t(24) })).toBe(true);
      await store.advisorRuns.finish(org.id, 'b', { roles: 9, suggestions: 9, skipped: [] }, t(15));
      expect((await store.advisorRuns.get(org.id, t(15))).running).toBe(true);
    });

    it('raises an alert once per dedupe key and keeps it when resolved', async () => {
      const store = await open();
      const { org, host } = await setup(store);
      const id = await store.alerts.raise(org.id, { kind: 'integrity', severity: 'critical', title: 'chain break', detail: 'entry 3', hostId: host.id, dedupeKey: 'k' });
      expect(await store.alerts.raise(org.id, { kind: 'integrity', severity: 'critical', title: 'again', detail: '', dedupeKey: 'k' })).toBeNull();
      await store.alerts.raiseMany(org.id, [
        { kind: 'policy', severity: 'high', title: 'one', detail: '', dedupeKey: 'k' },
        { kind: 'policy', severity: 'high', title: 'two', detail: '', dedupeKey: 'k2' },
        { kind: 'policy', severity: 'high', title: 'three', detail: '' },
      ]);
      expect((await store.alerts.list(org.id, { kinds: ['policy'] }, { limit: 10 })).alerts.map((a) => a.title).sort()).toEqual(['three', 'two']);
      await store.alerts.setStatus(org.id, id!, 'acknowledged', 'ann@example.com');
      const resolved = await store.alerts.setStatus(org.id, id!, 'resolved', 'ann@example.com');
      expect(resolved).toMatchObject({ status: 'resolved', hostname: 'acme-dev-1', updatedBy: 'ann@example.com' });
      expect(resolved.resolvedAt).not.toBeNull();
      await expect(store.alerts.setStatus(org.id, id!, 'escalated', 'x')).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await store.alerts.list(org.id, { statuses: ['resolved'] }, { limit: 10 })).alerts).toHaveLength(1);
      expect((await store.alerts.list(org.id, { statuses: ['open'], kinds: ['integrity'] }, { limit: 10 })).alerts).toHaveLength(0);
    });

    it('records a discovered plugin once and puts blocked ones on the blocklist', async () => {
      const store = await open();
      const { org, host } = await setup(store);
      const id = await store.approvals.discover(org.id, host.id, { name: 'shady-mcp', version: '1.0.0', type: 'mcp_server', findings: [{ severity: 'high', title: 'downloads code' }] });
      expect(await store.approvals.discover(org.id, host.id, { name: 'shady-mcp', version: '1.0.0', type: 'mcp_server', findings: [] })).toBeNull();
      expect(await store.approvals.blocked(org.id)).toEqual([]);
      expect(await store.approvals.decide(org.id, id!, 'blocked', 'ann')).toMatchObject({ status: 'blocked', hostname: 'acme-dev-1', decidedBy: 'ann' });
      expect(await store.approvals.blocked(org.id)).toEqual(['shady-mcp']);
    });

    it('keeps two places apart while both exist (a schema each on PostgreSQL)', async () => {
      const first = await open();
      await setup(first, 'first');
      const other = target.place();
      try {
        const second = await other.open();
        await setup(second, 'second');
        expect((await second.orgs.list()).map((o) => o.name)).toEqual(['second']);
        expect((await first.orgs.list()).map((o) => o.name)).toEqual(['first']);
      } finally {
        await other.remove();
      }
    });

    it('delivers a published change to every store open on the same database', async () => {
      const a = await open();
      const b = await open();
      const got: FleetEvent[] = [];
      const delivered = new Promise<void>((resolve) => {
        b.notifier.subscribe((e) => {
          got.push(e);
          resolve();
        });
      });
      if (target.dialect === 'sqlite') await b.notifier.publish({ kind: 'policy', orgId: 'org_x' });
      else await a.notifier.publish({ kind: 'policy', orgId: 'org_x' });
      await delivered;
      expect(got).toEqual([{ kind: 'policy', orgId: 'org_x' }]);
    });
  });
}
