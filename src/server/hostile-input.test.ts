// Hostile input: whatever JSON arrives, every route answers with a clear 4xx (or success), never a
// 500, and nothing the server refuses is stored.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSqliteFleetStore } from '../store/sqlite/sqlite-fleet-store.js';
import { makeWorld, type World } from './testing/harness.js';

let world: World;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-hostile-'));
  world = await makeWorld(await openSqliteFleetStore(join(dir, 'server.db')));
});

afterAll(async () => {
  world.close();
  await world.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const USER_ROUTES: [string, string][] = [
  ['POST', '/api/v1/roles'], ['POST', '/api/v1/variables'], ['POST', '/api/v1/users'], ['POST', '/api/v1/enrollment-tokens'],
  ['PATCH', '/api/v1/settings'], ['POST', '/api/v1/hosts/assign-role'],
];
const HOST_ROUTES: [string, string][] = [['POST', '/api/v1/host/audit'], ['POST', '/api/v1/host/discoveries']];

/** JSON values, and objects that borrow the real field names so validation goes deeper than the top. */
const body = fc.oneof(
  fc.jsonValue(),
  fc.record({ name: fc.oneof(fc.string(), fc.jsonValue()), commands: fc.array(fc.record({ pattern: fc.string(), action: fc.string() }), { maxLength: 3 }), mode: fc.string() }, { requiredKeys: [] }),
  fc.record({ entries: fc.array(fc.dictionary(fc.constantFrom('seq', 'time', 'hash', 'type', 'subject', 'outcome', 'arguments'), fc.jsonValue()), { maxLength: 3 }), checkpoints: fc.array(fc.jsonValue(), { maxLength: 2 }) }, { requiredKeys: [] }),
  fc.record({ values: fc.array(fc.record({ value: fc.string(), patterns: fc.array(fc.string(), { maxLength: 3 }) }), { maxLength: 3 }), name: fc.string() }, { requiredKeys: [] }),
);

it('answers any JSON body on every write route with a 4xx or success, never a 500', async () => {
  const rolesBefore = (await world.store.roles.list(world.orgA.id)).length;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...USER_ROUTES, ...HOST_ROUTES), body, async ([method, path], value) => {
      const caller = path.startsWith('/api/v1/host/') ? world.hostA : world.adminA;
      const res = await caller.request(method, path, JSON.stringify(value));
      expect(res.status, `${method} ${path} ${JSON.stringify(value)}`).toBeLessThan(500);
      if (res.status >= 400) expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^[a-z_]+$/);
    }),
    { numRuns: 300 },
  );
  const roles = await world.store.roles.list(world.orgA.id);
  for (const r of roles.slice(rolesBefore)) expect(r.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
});

it('answers any query string on the audit log with a 4xx or a page', async () => {
  const key = fc.constantFrom('severity', 'type', 'decision', 'host', 'hostId', 'binary', 'agent', 'session', 'since', 'until', 'limit', 'cursor', 'format', 'other');
  await fc.assert(
    fc.asyncProperty(fc.dictionary(key, fc.string({ maxLength: 40 })), fc.boolean(), async (query, exportIt) => {
      const qs = new URLSearchParams(query).toString();
      const res = await world.viewerA.request('GET', `/api/v1/audit${exportIt ? '/export' : ''}?${qs}`);
      expect(res.status, qs).toBeLessThan(500);
      await res.arrayBuffer();
    }),
    { numRuns: 300 },
  );
});

it('refuses arguments nested deeper than any tool call, without failing', async () => {
  const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  const entry = `{"seq":1,"time":"2026-01-01T00:00:00.000Z","hash":"${'a'.repeat(64)}","type":"command","host":null,"agent":null,"session":null,"tool":null,"cwd":null,"binary":null,"subject":"x","arguments":${deep},"verdict":"allow","outcome":"allowed","severity":"info","role":null,"mode":null,"rule":null,"reason":"r","latencyMs":null,"findings":[]}`;
  const res = await world.hostA.request('POST', '/api/v1/host/audit', `{"entries":[${entry}],"checkpoints":[]}`);
  expect(res.status).toBe(400);
  expect((await world.hostA.request('GET', '/api/v1/host/audit/head')).status).toBe(200);
});
