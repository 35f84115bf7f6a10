// The audit store conformance suite: one set of expectations, run against every dialect.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.js';
import type { AuditStore, ChainEnd } from '../audit/audit-store.js';
import { chainBatch, type ChainState } from '../audit/chain-batch.js';
import { signCheckpoint, type SignedCheckpoint } from '../audit/checkpoint.js';
import type { AuditEntryInput, AuditRecord } from '../audit/entry.js';
import { AuditConflictError, AuditDuplicateError } from '../audit/errors.js';
import { keyIdOf, type HostKey } from '../audit/host-key.js';
import { normaliseEntry } from '../audit/normalise.js';
import { verifyAuditLog } from '../audit/verify.js';
import { storeTargets, type StorePlace } from './store-targets.js';

const pair = generateKeyPairSync('ed25519');
const key: HostKey = { ...pair, keyId: keyIdOf(pair.publicKey) };
const T0 = Date.parse('2025-03-01T12:00:00.000Z');

function entry(i: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    type: i % 3 === 0 ? 'mcp_tool_call' : 'command',
    host: `host-${i % 4}`,
    agent: i % 2 ? 'claude-code' : 'cursor',
    session: `s-${i % 5}`,
    tool: i % 3 === 0 ? 'mcp__fs__write_file' : 'Bash',
    cwd: '/work/app',
    binary: i % 3 === 0 ? null : ['git', 'rm', 'curl', 'npm'][i % 4]!,
    subject: `command number ${i}`,
    arguments: i % 3 === 0 ? { path: `/tmp/${i}`, nested: { list: [1, 2.5, 'ü'], flag: true } } : null,
    verdict: i % 7 === 0 ? 'block' : 'allow',
    outcome: i % 7 === 0 ? 'blocked' : i % 11 === 0 ? 'would_block' : 'allowed',
    severity: (['info', 'low', 'medium', 'high', 'critical'] as const)[i % 5]!,
    role: 'dev',
    mode: 'enforce',
    rule: i % 7 === 0 ? 'no-force-push' : null,
    reason: `reason ${i}`,
    latencyMs: 0.125 * i,
    findings: i % 7 === 0 ? [{ rule: 'git.force-push', severity: 'high', verdict: 'block', title: 'Force push' }] : [],
    ...over,
  };
}

const signer = (at: { seq: number; hash: string }, time: string): SignedCheckpoint => signCheckpoint(key, 'checkpoint', at, time);

/** Chains `n` entries after `state`, one minute apart from T0 + minute `from`. */
function chained(state: ChainState, inputs: readonly AuditEntryInput[], atMs: number) {
  return chainBatch(state, inputs.map(normaliseEntry), atMs, { every: 4, intervalMs: 3_600_000 }, signer);
}

const EMPTY: ChainState = { tail: null, lastTimeMs: 0, unsigned: 0, lastCheckpointMs: T0 };

/** Appends entries 1..n, each batch of one a minute later than the previous. */
async function fill(store: AuditStore, n: number): Promise<{ records: AuditRecord[]; checkpoints: SignedCheckpoint[] }> {
  let state = EMPTY;
  const records: AuditRecord[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  for (let i = 1; i <= n; i++) {
    const batch = chained(state, [entry(i)], T0 + i * 60_000);
    await store.append(batch.records, batch.checkpoints);
    state = batch.state;
    records.push(...batch.records);
    checkpoints.push(...batch.checkpoints);
  }
  return { records, checkpoints };
}

for (const target of await storeTargets()) {
  describe.skipIf(target.unavailable !== null)(`audit store conformance: ${target.dialect}`, () => {
    let place: StorePlace | null = null;
    const open = async (): Promise<AuditStore> => {
      place ??= target.place();
      return place.open();
    };
    afterEach(async () => {
      await place?.remove();
      place = null;
    });

    it('starts empty', async () => {
      const store = await open();
      expect(await store.head()).toBeNull();
      expect(await store.last()).toBeNull();
      expect(await store.count()).toBe(0);
      expect(await store.checkpoints()).toEqual([]);
      expect(await store.lastCheckpoint()).toBeNull();
      expect(await store.query({}, { limit: 10 })).toEqual({ records: [], nextCursor: null });
      expect(await store.readRange(1, 10)).toEqual([]);
    });

    it('reads back exactly what was appended, in order', async () => {
      const store = await open();
      const odd = entry(3, { subject: 'emoji 🚀, quote " backslash \\ nul \u0000 and a lone \ud800', arguments: { big: 1e21, tiny: 5e-7, neg: -0.5, s: '\u2028' }, cwd: null });
      const batch = chained(EMPTY, [entry(1), entry(2), odd], T0);
      await store.append(batch.records, batch.checkpoints);
      expect(await store.readRange(1, 10)).toEqual(batch.records);
      expect(await store.readRange(2, 1)).toEqual([batch.records[1]]);
      expect(await store.last()).toEqual(batch.records[2]);
      expect(await store.head()).toEqual({ seq: 3, hash: batch.records[2]!.hash });
      expect(await store.count()).toBe(3);
    });

    it('refuses entries that do not continue the stored chain, and writes nothing of them', async () => {
      const store = await open();
      const first = chained(EMPTY, [entry(1), entry(2)], T0);
      await store.append(first.records, first.checkpoints);
      const stale = chained(EMPTY, [entry(9)], T0);
      await expect(store.append(stale.records, stale.checkpoints)).rejects.toBeInstanceOf(AuditConflictError);
      const gap = chained({ ...first.state, tail: { seq: 5, hash: first.records[1]!.hash } }, [entry(3)], T0);
      await expect(store.append(gap.records, [])).rejects.toBeInstanceOf(AuditConflictError);
      expect(await store.count()).toBe(2);
    });

    it('refuses entries out of time order', async () => {
      const store = await open();
      const first = chained(EMPTY, [entry(1)], T0 + 60_000);
      await store.append(first.records, []);
      const early = chained(first.state, [entry(2)], T0);
      await expect(store.append([{ ...early.records[0]!, time: new Date(T0).toISOString() }], [])).rejects.toThrow(/time order/);
      expect(await store.count()).toBe(1);
    });

    it('sees what another connection appended, and refuses a writer that did not', async () => {
      const a = await open();
      const b = await open();
      const batch = chained(EMPTY, [entry(1), entry(2)], T0);
      await a.append(batch.records, []);
      expect(await b.head()).toEqual({ seq: 2, hash: batch.records[1]!.hash });
      const late = chained(EMPTY, [entry(3)], T0);
      await expect(b.append(late.records, [])).rejects.toBeInstanceOf(AuditConflictError);
    });

    it('keeps checkpoints in sequence order and ignores a second one for the same place', async () => {
      const store = await open();
      const { checkpoints } = await fill(store, 10);
      expect(checkpoints.map((c) => c.seq)).toEqual([4, 8]);
      expect(await store.checkpoints()).toEqual(checkpoints);
      expect(await store.lastCheckpoint()).toEqual(checkpoints[1]);
      await store.append([], [{ ...checkpoints[1]!, time: '2030-01-01T00:00:00.000Z' }]);
      expect(await store.checkpoints()).toEqual(checkpoints);
    });

    it('filters by every criterion, alone and together', async () => {
      const store = await open();
      const { records } = await fill(store, 60);
      const expectPage = async (filter: Parameters<AuditStore['query']>[0], want: (r: AuditRecord) => boolean) => {
        const expected = records.filter(want).reverse();
        const page = await store.query(filter, { limit: 1_000 });
        expect(page.records.map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
        expect(await store.count(filter)).toBe(expected.length);
      };
      await expectPage({ outcomes: ['blocked'] }, (r) => r.outcome === 'blocked');
      await expectPage({ outcomes: ['blocked', 'would_block'] }, (r) => r.outcome !== 'allowed');
      await expectPage({ severities: ['high', 'critical'] }, (r) => r.severity === 'high' || r.severity === 'critical');
      await expectPage({ types: ['mcp_tool_call'] }, (r) => r.type === 'mcp_tool_call');
      await expectPage({ hosts: ['host-1'] }, (r) => r.host === 'host-1');
      await expectPage({ agents: ['cursor'] }, (r) => r.agent === 'cursor');
      await expectPage({ binaries: ['git', 'curl'] }, (r) => r.binary === 'git' || r.binary === 'curl');
      const since = records[9]!.time;
      const until = records[30]!.time;
      await expectPage({ since, until }, (r) => r.time >= since && r.time < until);
      await expectPage({ hosts: ['host-3'], agents: ['claude-code'], severities: ['critical', 'low'], since }, (r) =>
        r.host === 'host-3' && r.agent === 'claude-code' && (r.severity === 'critical' || r.severity === 'low') && r.time >= since);
      await expectPage({ outcomes: ['held'] }, () => false);
      const manyHosts = [...Array.from({ length: 100 }, (_, i) => `elsewhere-${i}`), 'host-2', 'host-3'];
      await expectPage({ hosts: manyHosts, outcomes: ['blocked', 'allowed'], severities: ['info', 'low', 'high'] }, (r) =>
        (r.host === 'host-2' || r.host === 'host-3') && (r.outcome === 'blocked' || r.outcome === 'allowed') && ['info', 'low', 'high'].includes(r.severity));
      await expectPage({ since: '2100-01-01T00:00:00.000Z' }, () => false);
      await expectPage({ until: '2000-01-01T00:00:00.000Z' }, () => false);
      await expectPage({ since: until, until: since }, () => false);
      await expectPage({ outcomes: [], hosts: [] }, () => true);
    });

    it('pages through a filtered query with cursors, newest or oldest first, each entry once', async () => {
      const store = await open();
      const { records } = await fill(store, 25);
      const filters: [Parameters<AuditStore['query']>[0], (r: AuditRecord) => boolean][] = [
        [{ types: ['command'] }, (r) => r.type === 'command'],
        [{ outcomes: ['blocked', 'would_block', 'allowed'], severities: ['info', 'high', 'critical'] }, (r) => ['info', 'high', 'critical'].includes(r.severity)],
        [{ since: records[3]!.time, until: records[20]!.time }, (r) => r.seq >= 4 && r.seq < 21],
      ];
      for (const [filter, want] of filters) {
        for (const order of ['newest', 'oldest'] as const) {
          const seen: number[] = [];
          let cursor: string | null = null;
          do {
            const page: Awaited<ReturnType<AuditStore['query']>> = await store.query(filter, { limit: 4, cursor, order });
            expect(page.records.length).toBeLessThanOrEqual(4);
            seen.push(...page.records.map((r) => r.seq));
            cursor = page.nextCursor;
          } while (cursor !== null);
          const expected = records.filter(want).map((r) => r.seq);
          expect(seen).toEqual(order === 'newest' ? expected.reverse() : expected);
        }
      }
      await expect(store.query({}, { limit: 5, cursor: 'drop table' })).rejects.toThrow(/not a page cursor/);
    });

    it('stores a request id once: a second append naming it writes nothing, and its entries can be read back by it', async () => {
      const store = await open();
      const first = chained(EMPTY, [entry(1), entry(2)], T0);
      await store.append(first.records, first.checkpoints, [{ id: 'req-0123456789abcdef', seq: 1, count: 2 }]);
      const again = chained(first.state, [entry(3)], T0 + 60_000);
      const refused = store.append(again.records, again.checkpoints, [{ id: 'req-0123456789abcdef', seq: 3, count: 1 }]);
      await expect(refused).rejects.toBeInstanceOf(AuditDuplicateError);
      await expect(refused).rejects.toMatchObject({ requestIds: ['req-0123456789abcdef'] });
      expect(await store.count()).toBe(2);
      expect(await store.requestRecords('req-0123456789abcdef')).toEqual(first.records);
      expect(await store.requestRecords('req-never-seen-0000')).toBeNull();
      await store.append(again.records, again.checkpoints, [{ id: 'req-fedcba9876543210', seq: 3, count: 1 }]);
      expect(await store.requestRecords('req-fedcba9876543210')).toEqual(again.records);
    });

    it('prunes no entry past the given seq, however old (entries a control plane has not received)', async () => {
      const store = await open();
      const { records } = await fill(store, 10);
      const capped = await store.pruneBefore(records[8]!.time, (last) => signCheckpoint(key, 'anchor', last, '2025-03-02T00:00:00.000Z'), 4);
      expect(capped.pruned).toBe(4);
      expect(capped.anchor?.seq).toBe(4);
      expect((await store.readRange(1, 20)).map((r) => r.seq)).toEqual([5, 6, 7, 8, 9, 10]);
      expect(await store.pruneBefore(records[8]!.time, () => { throw new Error('nothing to anchor'); }, 4)).toEqual({ pruned: 0, anchor: null });
    });

    it('prunes entries recorded before a time, leaving a signed anchor the rest chains from', async () => {
      const store = await open();
      const { records } = await fill(store, 10);
      const none = await store.pruneBefore(records[0]!.time, () => { throw new Error('nothing to anchor'); });
      expect(none).toEqual({ pruned: 0, anchor: null });

      const result = await store.pruneBefore(records[5]!.time, (last) => signCheckpoint(key, 'anchor', last, '2025-03-02T00:00:00.000Z'));
      expect(result.pruned).toBe(5);
      expect(result.anchor).toMatchObject({ kind: 'anchor', seq: 5, hash: records[4]!.hash });
      expect((await store.readRange(1, 100)).map((r) => r.seq)).toEqual([6, 7, 8, 9, 10]);
      expect((await store.checkpoints()).map((c) => `${c.kind}@${c.seq}`)).toEqual(['anchor@5', 'checkpoint@8']);

      const all = await store.pruneBefore('2100-01-01T00:00:00.000Z', (last) => signCheckpoint(key, 'anchor', last, '2025-03-03T00:00:00.000Z'));
      expect(all.pruned).toBe(5);
      expect(await store.count()).toBe(0);
      expect(await store.head()).toEqual({ seq: 10, hash: records[9]!.hash });
      expect((await store.checkpoints()).map((c) => `${c.kind}@${c.seq}`)).toEqual(['anchor@10']);
    });

    it('carries an audit log that verifies, with two writers and a prune', async () => {
      const a = await AuditLog.open(await open(), key, { checkpointEvery: 7 });
      const bStore = await open();
      const b = await AuditLog.open(bStore, key, { checkpointEvery: 7 });
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => a.append(entry(i))),
        b.appendBatch(Array.from({ length: 15 }, (_, i) => entry(100 + i))),
      ]);
      await b.append(entry(200));
      await a.close();
      await b.close();
      expect(await verifyAuditLog(bStore, key)).toMatchObject({ ok: true, checked: 36, lastSeq: 36, unsignedTail: 0 });
      const pruned = await AuditLog.open(bStore, key, { clock: () => Date.now() + 60_000 });
      expect((await pruned.prune(0)).pruned).toBe(36);
      await pruned.append(entry(300));
      await pruned.close();
      expect(await verifyAuditLog(bStore, key)).toMatchObject({ ok: true, checked: 1, anchorSeq: 36, lastSeq: 37 });
    });

    it('builds an append from where the stored chain ends, read under the write lock', async () => {
      const a = await open();
      const b = await open();
      const stateAt = (end: ChainEnd): ChainState => ({ tail: end.tail, lastTimeMs: end.time === null ? 0 : Date.parse(end.time), unsigned: 0, lastCheckpointMs: T0 });
      const ends: ChainEnd[] = [];
      const first = await b.appendBuilt((end) => {
        ends.push(end);
        return { records: chained(stateAt(end), [entry(1)], T0).records, checkpoints: [] };
      });
      expect(ends).toEqual([{ tail: null, time: null }]);
      // Another connection appends; b's next build starts where a left the chain.
      const more = chained(stateAt({ tail: { seq: 1, hash: first.records[0]!.hash }, time: first.records[0]!.time }), [entry(2), entry(3)], T0 + 60_000);
      await a.append(more.records, more.checkpoints);
      const built = await b.appendBuilt((end) => {
        ends.push(end);
        const batch = chained(stateAt(end), [entry(4)], T0 + 120_000);
        return { records: batch.records, checkpoints: batch.checkpoints, requests: [{ id: 'req-built-000001', seq: batch.records[0]!.seq, count: 1 }], note: 'returned as built' };
      });
      expect(ends[1]).toEqual({ tail: { seq: 3, hash: more.records[1]!.hash }, time: more.records[1]!.time });
      expect(built.note).toBe('returned as built');
      expect((await a.readRange(1, 10)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      expect((await a.requestRecords('req-built-000001'))?.map((r) => r.seq)).toEqual([4]);

      // What a build returns must continue that end; a request stored before, or a build that
      // throws, writes nothing.
      await expect(b.appendBuilt(() => ({ records: chained(EMPTY, [entry(9)], T0).records, checkpoints: [] }))).rejects.toBeInstanceOf(AuditConflictError);
      await expect(b.appendBuilt((end) => ({ records: chained(stateAt(end), [entry(5)], T0 + 180_000).records, checkpoints: [], requests: [{ id: 'req-built-000001', seq: 5, count: 1 }] })))
        .rejects.toBeInstanceOf(AuditDuplicateError);
      await expect(b.appendBuilt(() => { throw new Error('nothing to build'); })).rejects.toThrow('nothing to build');
      expect(await a.count()).toBe(4);
      expect(await verifyAuditLog(a, key)).toMatchObject({ ok: true, checked: 4 });
    });

    it('lets three logs on three connections append turn by turn, none refused, into one chain that verifies', async () => {
      const stores = [await open(), await open(), await open()];
      const logs = await Promise.all(stores.map((s) => AuditLog.open(s, key, { checkpointEvery: 5 })));
      await Promise.all(logs.map(async (log, w) => {
        for (let i = 0; i < 15; i++) await log.append(entry(w * 100 + i));
      }));
      for (const log of logs) await log.close();
      const all = await stores[0]!.readRange(1, 100);
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
      expect(new Set(all.map((r) => r.subject)).size).toBe(45);
      expect(await verifyAuditLog(stores[0]!, key)).toMatchObject({ ok: true, checked: 45, unsignedTail: 0 });
    });

    it('keeps its data across a reopen', async () => {
      const first = await open();
      const { records } = await fill(first, 3);
      await first.close();
      const again = await open();
      expect(await again.readRange(1, 10)).toEqual(records);
    });
  });
  if (target.unavailable !== null) {
    describe(`audit store conformance: ${target.dialect}`, () => {
      it.skip(`skipped: ${target.unavailable}`, () => undefined);
    });
  }
}
