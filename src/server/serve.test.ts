// Retention: audit entries older than each org's retention are pruned, other orgs' are kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqliteFleetStore } from '../store/sqlite/sqlite-fleet-store.js';
import { pruneRetention } from './serve.js';
import { json, makeWorld, type World } from './testing/harness.js';
import { command, hostLog, uploadOf } from './testing/host-log.js';

let world: World;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-retention-'));
  world = await makeWorld(await openSqliteFleetStore(join(dir, 'server.db')));
});

afterEach(async () => {
  world.close();
  await world.store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('prunes each org’s audit entries past its own retention and keeps the rest', async () => {
  const { hostA, adminA, adminB, orgB, enroll } = world;
  const now = Date.parse('2026-06-01T00:00:00.000Z');
  const day = 86_400_000;
  const a = hostLog(hostA.key, now - 60 * day);
  a.add([command('old one')], now - 45 * day);
  a.add([command('recent one')], now - 5 * day);
  await hostA.request('POST', '/api/v1/host/audit', uploadOf(a.records, a.checkpoints));
  const hostB = await enroll(orgB.id, 'globex-1');
  const b = hostLog(hostB.key, now - 60 * day);
  b.add([command('old in globex')], now - 45 * day);
  await hostB.request('POST', '/api/v1/host/audit', uploadOf(b.records, b.checkpoints));
  await adminA.request('PATCH', '/api/v1/settings', { retentionDays: 30 });

  expect(await pruneRetention(world.store, now)).toBe(1);
  const subjects = async (caller: typeof adminA) => (await json<{ entries: { subject: string }[] }>(caller.request('GET', '/api/v1/audit'))).entries.map((e) => e.subject);
  expect(await subjects(adminA)).toEqual(['recent one']);
  expect(await subjects(adminB)).toEqual(['old in globex']);
  const head = await json<{ stored: number }>(hostA.request('GET', '/api/v1/host/audit/head'));
  expect(head.stored).toBe(2);
});
