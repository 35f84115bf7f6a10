// The fleet API in-process, on every store dialect: roles and the policy hosts receive, pushed
// changes, enrollment, audit upload with its integrity checks, the audit log, alerts, approvals,
// sessions, variables and settings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPolicyText } from '../core/policy/load-policy.js';
import { fleetTargets, type FleetPlace } from '../store/fleet/fleet-targets.js';
import { json, makeWorld, publicPem, newHostKey, type World } from './testing/harness.js';
import { command, hostLog, uploadOf } from './testing/host-log.js';
import { SseReader } from './testing/sse.js';

type Role = { id: string; name: string; mode: string; hostCount: number; status: string; isDefault: boolean; version: number; commands: unknown[] };
type Host = { id: string; roleId: string | null; effectiveRole: { name: string; mode: string }; integrity: string; lastSeq: number; status: string };

for (const target of await fleetTargets()) {
  describe.skipIf(target.unavailable !== null)(`fleet API on ${target.dialect}`, () => {
    let place: FleetPlace;
    let world: World;

    beforeEach(async () => {
      place = target.place();
      world = await makeWorld(await place.open());
    });
    afterEach(async () => {
      world.close();
      await place.remove();
    });

    const roles = async () => (await json<{ roles: Role[] }>(world.adminA.request('GET', '/api/v1/roles'))).roles;

    describe('roles', () => {
      it('creates a role with ordered rules, counts its hosts, clones it in monitor mode and deletes it back to the default', async () => {
        const { adminA, hostA } = world;
        const created = await adminA.request('POST', '/api/v1/roles', {
          name: 'backend', description: 'Backend developer', mode: 'enforce',
          commands: [{ pattern: 'git push --force*', action: 'deny', reason: 'history' }, { pattern: 'git *', action: 'allow' }],
          mcp: [{ tool: 'filesystem/write_file', action: 'deny' }, { tool: 'filesystem/*', action: 'allow' }],
          risk: { thresholds: [10, 30, 60] },
        });
        expect(created.status).toBe(201);
        const role = await json<Role & { risk: { thresholds: number[]; half_life_seconds: number } }>(created);
        expect(role).toMatchObject({ name: 'backend', mode: 'enforce', status: 'draft', hostCount: 0, isDefault: false, version: 1 });
        expect(role.commands).toEqual([
          { pattern: 'git push --force*', action: 'deny', reason: 'history' },
          { pattern: 'git *', action: 'allow' },
        ]);
        expect(role.risk).toMatchObject({ thresholds: [10, 30, 60], half_life_seconds: 900 });

        expect((await adminA.request('PUT', `/api/v1/hosts/${hostA.hostId}/role`, { roleId: role.id })).status).toBe(200);
        expect((await roles()).map((r) => [r.name, r.hostCount, r.status])).toEqual([['backend', 1, 'active'], ['default', 0, 'draft']]);

        const clone = await json<Role>(adminA.request('POST', `/api/v1/roles/${role.id}/clone`, { name: 'backend-copy' }));
        expect(clone).toMatchObject({ name: 'backend-copy', mode: 'monitor', isDefault: false, commands: role.commands });

        const del = await json(adminA.request('DELETE', `/api/v1/roles/${role.id}`));
        expect(del).toEqual({ deleted: true, hostsReassigned: 1 });
        const host = await json<Host>(adminA.request('GET', `/api/v1/hosts/${hostA.hostId}`));
        expect(host).toMatchObject({ roleId: null, effectiveRole: { name: 'default' } });
        const defaultRole = (await roles()).find((r) => r.isDefault)!;
        expect((await adminA.request('DELETE', `/api/v1/roles/${defaultRole.id}`)).status).toBe(409);
      });

      it('refuses a role a host could not load, saying where', async () => {
        const { adminA } = world;
        const bad = await adminA.request('POST', '/api/v1/roles', { name: 'bad', commands: [{ pattern: 'git push', action: 'allow' }, { pattern: 'deploy {{region}}', action: 'deny' }] });
        expect(bad.status).toBe(400);
        const body = await json<{ error: { code: string; details: { path: string; message: string }[] } }>(bad);
        expect(body.error.code).toBe('invalid_policy');
        expect(body.error.details).toContainEqual({ path: 'commands[1].pattern', message: expect.stringMatching(/unknown variable \{\{region\}\}/) as string });
        const shape = await adminA.request('POST', '/api/v1/roles', { name: 'bad', mode: 'block-everything' });
        expect(shape.status).toBe(400);
        expect((await json<{ error: { code: string; details: { path: string }[] } }>(shape)).error).toMatchObject({ code: 'invalid_request', details: [{ path: 'mode' }] });
        expect((await adminA.request('POST', '/api/v1/roles', { name: 'default' })).status).toBe(409);
        expect((await adminA.request('POST', '/api/v1/roles', { name: '../etc' })).status).toBe(400);
        expect((await roles()).map((r) => r.name)).toEqual(['default']);
      });
    });

    describe('policy delivered to hosts', () => {
      it('serves the effective role as a policy file warden loads, with variables, risk policy and the blocklist', async () => {
        const { adminA, hostA, store, orgA } = world;
        await adminA.request('PATCH', `/api/v1/variables/${(await store.variables.list(orgA.id)).find((v) => v.name === 'env')!.id}`, { values: [{ value: 'production', patterns: ['^prod-'] }, { value: 'dev', patterns: ['^dev-'] }] });
        const role = await json<Role>(adminA.request('POST', '/api/v1/roles', {
          name: 'prod', mode: 'enforce', isDefault: true,
          commands: [{ pattern: 'kubectl exec *', action: 'deny', when: { env: 'production' } }],
          risk: { thresholds: [5, 10] },
        }));
        const apr = await store.approvals.discover(orgA.id, hostA.hostId, { name: 'shady-mcp', version: null, type: 'mcp_server', findings: [] });
        expect((await adminA.request('POST', `/api/v1/approvals/${apr}/block`)).status).toBe(200);

        const res = await hostA.request('GET', '/api/v1/host/policy');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/yaml/);
        const yaml = await res.text();
        const loaded = loadPolicyText(yaml, 'policy.yaml');
        expect(loaded.errors).toEqual([]);
        expect(loaded.value!.defaultRole).toBe('prod');
        const prod = loaded.value!.roles.get('prod')!;
        expect(prod.mode).toBe('enforce');
        expect(prod.commands.map((c) => c.pattern)).toEqual(['kubectl exec *']);
        expect(prod.mcp.map((m) => [m.tool, m.action])).toEqual([['shady-mcp/*', 'deny']]);
        expect(loaded.value!.variables.env!.map((v) => v.value)).toEqual(['production', 'dev']);
        expect(loaded.value!.detectors.risk.thresholds).toEqual([5, 10]);
        expect(res.headers.get('x-warden-policy-version')).toBe(String(role.version));

        const etag = res.headers.get('etag')!;
        expect((await hostA.request('GET', '/api/v1/host/policy', undefined, { 'if-none-match': etag })).status).toBe(304);
        const asJson = await json<{ etag: string; role: { name: string; mode: string }; policy: string }>(hostA.request('GET', '/api/v1/host/policy?format=json'));
        expect(asJson).toMatchObject({ role: { name: 'prod', mode: 'enforce' }, policy: yaml });
        expect(parse(asJson.policy)).toMatchObject({ version: 1, default_role: 'prod' });
        const preview = await adminA.request('GET', `/api/v1/roles/${role.id}/policy`);
        expect(await preview.text()).toBe(yaml);
      });

      it('pushes a mode switch, a reassignment and a blocklist change to the host’s event stream', async () => {
        const { adminA, hostA, store, orgA } = world;
        const res = await hostA.request('GET', '/api/v1/host/events');
        expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
        const events = new SseReader(res.body!);
        try {
          const first = await events.next();
          expect(first.event).toBe('policy');
          expect(JSON.parse(first.data)).toMatchObject({ role: { name: 'default', mode: 'monitor' } });
          const defaultRole = (await roles()).find((r) => r.isDefault)!;

          await adminA.request('PATCH', `/api/v1/roles/${defaultRole.id}`, { mode: 'enforce' });
          expect(JSON.parse((await events.next()).data)).toMatchObject({ role: { name: 'default', mode: 'enforce', version: 2 } });

          const strict = await json<Role>(adminA.request('POST', '/api/v1/roles', { name: 'strict', mode: 'monitor' }));
          await adminA.request('POST', '/api/v1/hosts/assign-role', { hostIds: [hostA.hostId], roleId: strict.id });
          expect(JSON.parse((await events.next()).data)).toMatchObject({ role: { name: 'strict', mode: 'monitor' } });

          const apr = await store.approvals.discover(orgA.id, null, { name: 'evil-plugin', version: '2', type: 'plugin', findings: [] });
          await adminA.request('POST', `/api/v1/approvals/${apr}/block`, {});
          const blocked = JSON.parse((await events.next()).data) as { etag: string };
          const policy = await hostA.request('GET', '/api/v1/host/policy');
          expect(policy.headers.get('etag')).toBe(`"${blocked.etag}"`);
          expect(await policy.text()).toContain('evil-plugin/*');

          const online = await json<Host>(adminA.request('GET', `/api/v1/hosts/${hostA.hostId}`));
          expect(online.status).toBe('online');
        } finally {
          await events.close();
        }
      });
    });

    it('ends the event stream of a host that is removed, and its token stops working', async () => {
      const { adminA, hostA } = world;
      const events = new SseReader((await hostA.request('GET', '/api/v1/host/events')).body!);
      try {
        await events.next();
        expect((await adminA.request('DELETE', `/api/v1/hosts/${hostA.hostId}`)).status).toBe(200);
        await expect(events.next()).rejects.toThrow(/the stream ended/);
      } finally {
        await events.close();
      }
      expect((await hostA.request('GET', '/api/v1/host/policy')).status).toBe(401);
    });

    describe('enrollment', () => {
      it('enrolls with a token made through the API, under the token’s role, and refuses revoked or bad input', async () => {
        const { adminA, app } = world;
        const strict = await json<Role>(adminA.request('POST', '/api/v1/roles', { name: 'ci', mode: 'enforce' }));
        const tok = await json<{ id: string; token: string; roleId: string }>(adminA.request('POST', '/api/v1/enrollment-tokens', { roleId: strict.id, expiresInSeconds: 3600 }));
        expect(tok.token).toMatch(/^wet_/);
        const key = newHostKey();
        const enroll = (body: unknown) => app.request('/api/v1/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const ok = await enroll({ token: tok.token, hostname: 'ci-runner-7', publicKey: publicPem(key), agentVersion: '0.1.0' });
        expect(ok.status).toBe(201);
        const enrolled = await json<{ hostId: string; hostToken: string; role: { name: string; mode: string } }>(ok);
        expect(enrolled.role).toEqual({ id: strict.id, name: 'ci', mode: 'enforce' });
        expect(enrolled.hostToken).toMatch(/^wht_/);
        expect((await enroll({ token: tok.token, hostname: 'x', publicKey: 'not a key' })).status).toBe(400);
        expect((await enroll({ token: tok.token, hostname: 'bad name/..', publicKey: publicPem(key) })).status).toBe(400);
        const listed = await json<{ tokens: { id: string; uses: number; token?: string }[] }>(adminA.request('GET', '/api/v1/enrollment-tokens'));
        expect(listed.tokens.find((t) => t.id === tok.id)).toMatchObject({ uses: 1 });
        expect(listed.tokens.every((t) => t.token === undefined)).toBe(true);
        await adminA.request('DELETE', `/api/v1/enrollment-tokens/${tok.id}`);
        expect((await enroll({ token: tok.token, hostname: 'late', publicKey: publicPem(newHostKey()) })).status).toBe(401);
      });
    });

    describe('audit upload and the fleet audit log', () => {
      const T = Date.parse('2026-03-01T10:00:00.000Z');

      it('stores uploads idempotently and resumably, and raises alerts for blocked entries', async () => {
        const { hostA, adminA } = world;
        const log = hostLog(hostA.key, T);
        log.add([command('git status'), command('npm test')], T);
        log.add([command('git push --force', { outcome: 'blocked' })], T + 60_000);
        log.add([command('ls'), command('cat README.md')], T + 20 * 60_000);
        const up = (records = log.records, checkpoints = log.checkpoints) => json<{ stored: number; accepted: number; duplicates: number; integrity: unknown[] }>(hostA.request('POST', '/api/v1/host/audit', uploadOf(records, checkpoints)));
        expect(await up(log.records.slice(0, 3), [])).toEqual({ stored: 3, accepted: 3, duplicates: 0, integrity: [] });
        expect(await up(log.records.slice(4), [])).toEqual({ stored: 3, accepted: 0, duplicates: 0, integrity: [] });
        expect(await json(hostA.request('GET', '/api/v1/host/audit/head'))).toEqual({ stored: 3 });
        expect(await up()).toEqual({ stored: 5, accepted: 2, duplicates: 3, integrity: [] });

        const page = await json<{ entries: { seq: number; subject: string; hostId: string; outcome: string }[] }>(adminA.request('GET', '/api/v1/audit?decision=blocked'));
        expect(page.entries).toEqual([expect.objectContaining({ seq: 3, subject: 'git push --force', hostId: hostA.hostId, outcome: 'blocked' })]);
        const alerts = await json<{ alerts: { kind: string; title: string; severity: string; hostname: string; auditId: string }[] }>(adminA.request('GET', '/api/v1/alerts?status=open'));
        expect(alerts.alerts).toEqual([expect.objectContaining({ kind: 'policy', severity: 'high', title: 'Blocked: git push --force', hostname: 'dev-laptop-1' })]);
        expect((await json<Host>(adminA.request('GET', `/api/v1/hosts/${hostA.hostId}`))).lastSeq).toBe(5);
      });

      it('raises an integrity alert when an uploaded entry does not chain or a signature is forged', async () => {
        const { hostA, adminA } = world;
        const log = hostLog(hostA.key, T);
        log.add([command('a'), command('b'), command('c'), command('d'), command('e')], T);
        const edited = log.records.map((r) => (r.seq === 2 ? { ...r, subject: 'b (edited)' } : r));
        const res = await json<{ stored: number; integrity: { seq: number; problem: string }[] }>(hostA.request('POST', '/api/v1/host/audit', uploadOf(edited, log.checkpoints)));
        expect(res.stored).toBe(5);
        expect(res.integrity).toEqual([expect.objectContaining({ seq: 2, problem: 'hash_mismatch' })]);
        const forged = { ...log.checkpoints[0]!, signature: Buffer.alloc(64, 7).toString('base64') };
        const res2 = await json<{ integrity: { seq: number; problem: string }[] }>(hostA.request('POST', '/api/v1/host/audit', uploadOf([], [forged])));
        expect(res2.integrity).toEqual([expect.objectContaining({ problem: 'bad_signature' })]);
        const alerts = await json<{ alerts: { kind: string; severity: string; title: string }[] }>(adminA.request('GET', '/api/v1/alerts?kind=integrity'));
        expect(alerts.alerts.map((a) => [a.kind, a.severity])).toEqual([['integrity', 'critical'], ['integrity', 'critical']]);
        expect(alerts.alerts.map((a) => a.title).join('\n')).toMatch(/at entry 2/);
        expect((await json<Host>(adminA.request('GET', `/api/v1/hosts/${hostA.hostId}`))).integrity).toBe('broken');
      });

      it('refuses an upload that is not an audit log, naming the field', async () => {
        const { hostA } = world;
        const log = hostLog(hostA.key, T);
        log.add([command('a')], T);
        const bad = uploadOf(log.records);
        (bad.entries[0] as Record<string, unknown>).outcome = 'maybe';
        const res = await hostA.request('POST', '/api/v1/host/audit', bad);
        expect(res.status).toBe(400);
        expect((await json<{ error: { details: { path: string }[] } }>(res)).error.details[0]!.path).toBe('entries[0].outcome');
        expect((await hostA.request('POST', '/api/v1/host/audit', '[1,2', { 'content-type': 'application/json' })).status).toBe(400);
      });

      it('filters, pages and exports the fleet audit log', async () => {
        const { hostA, adminA, orgA } = world;
        const enroll = world.enroll;
        const other = await enroll(orgA.id, 'prod-db-1');
        const a = hostLog(hostA.key, T);
        a.add([command('git status'), command('curl https://example.com', { agent: 'cursor' })], T);
        a.add([command('git push --force', { outcome: 'blocked', severity: 'critical' })], T + 3_600_000);
        const b = hostLog(other.key, T);
        b.add([command('rm -rf /tmp/x', { host: 'prod-db-1', outcome: 'would_block', severity: 'medium', session: 'sess-9' })], T + 1_800_000);
        await hostA.request('POST', '/api/v1/host/audit', uploadOf(a.records, a.checkpoints));
        await other.request('POST', '/api/v1/host/audit', uploadOf(b.records, b.checkpoints));

        const q = async (query: string) => (await json<{ entries: { subject: string }[]; nextCursor: string | null }>(adminA.request('GET', `/api/v1/audit?${query}`))).entries.map((e) => e.subject);
        expect(await q('')).toEqual(['git push --force', 'rm -rf /tmp/x', 'curl https://example.com', 'git status']);
        expect(await q('severity=medium%2B')).toEqual(['git push --force', 'rm -rf /tmp/x']);
        expect(await q('decision=blocked,would_block')).toEqual(['git push --force', 'rm -rf /tmp/x']);
        expect(await q('host=prod-db-1')).toEqual(['rm -rf /tmp/x']);
        expect(await q(`hostId=${hostA.hostId}&binary=git`)).toEqual(['git push --force', 'git status']);
        expect(await q('agent=cursor')).toEqual(['curl https://example.com']);
        expect(await q('type=mcp_tool_call')).toEqual([]);
        expect(await q(`since=${new Date(T + 1_000_000).toISOString()}&until=${new Date(T + 2_000_000).toISOString()}`)).toEqual(['rm -rf /tmp/x']);
        const bad = await adminA.request('GET', '/api/v1/audit?decision=exploded');
        expect(bad.status).toBe(400);
        expect((await json<{ error: { message: string } }>(bad)).error.message).toMatch(/unknown value "exploded"/);

        const first = await json<{ entries: { subject: string }[]; nextCursor: string }>(adminA.request('GET', '/api/v1/audit?limit=3'));
        expect(first.entries).toHaveLength(3);
        const second = await json<{ entries: { subject: string }[]; nextCursor: string | null }>(adminA.request('GET', `/api/v1/audit?limit=3&cursor=${first.nextCursor}`));
        expect([second.entries.map((e) => e.subject), second.nextCursor]).toEqual([['git status'], null]);

        const ndjson = await (await adminA.request('GET', '/api/v1/audit/export?format=ndjson&decision=blocked')).text();
        expect(ndjson.trim().split('\n').map((l) => (JSON.parse(l) as { subject: string }).subject)).toEqual(['git push --force']);
        const csv = await adminA.request('GET', '/api/v1/audit/export?format=csv');
        expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="warden-audit.csv"/);
        expect((await csv.text()).split('\r\n').filter(Boolean)).toHaveLength(5);
        const sarif = await json<{ version: string; runs: { results: unknown[] }[] }>(adminA.request('GET', '/api/v1/audit/export?format=sarif'));
        expect(sarif.version).toBe('2.1.0');
        expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
        expect(await json<unknown[]>(adminA.request('GET', '/api/v1/audit/export?format=json&host=nowhere'))).toEqual([]);
      });

      it('shows a session as its calls in order with the pauses between them', async () => {
        const { hostA, adminA } = world;
        const log = hostLog(hostA.key, T);
        log.add([command('git status')], T);
        log.add([command('git push --force', { outcome: 'blocked' })], T + 60_000);
        log.add([command('git pull')], T + 11 * 60_000);
        log.add([command('other', { session: 'sess-2' })], T + 12 * 60_000);
        await hostA.request('POST', '/api/v1/host/audit', uploadOf(log.records, log.checkpoints));
        const list = await json<{ sessions: { session: string; calls: number; blocked: number }[] }>(adminA.request('GET', '/api/v1/sessions'));
        expect(list.sessions.map((s) => [s.session, s.calls, s.blocked])).toEqual([['sess-2', 1, 0], ['sess-1', 3, 1]]);
        const first = await json<{ sessions: { session: string }[]; nextCursor: string | null }>(adminA.request('GET', '/api/v1/sessions?limit=1'));
        expect(first.sessions.map((s) => s.session)).toEqual(['sess-2']);
        expect(first.nextCursor).toEqual(expect.any(String));
        const second = await json<{ sessions: { session: string }[]; nextCursor: string | null }>(adminA.request('GET', `/api/v1/sessions?limit=1&cursor=${first.nextCursor!}`));
        expect(second).toMatchObject({ sessions: [{ session: 'sess-1' }], nextCursor: null });
        const badCursor = await adminA.request('GET', '/api/v1/sessions?cursor=not-a-cursor');
        expect(badCursor.status).toBe(400);
        expect(await badCursor.text()).toMatch(/not a page cursor/);
        const t = await json<{ hostname: string; items: ({ kind: 'call'; entry: { subject: string; outcome: string } } | { kind: 'gap'; seconds: number })[] }>(adminA.request('GET', '/api/v1/sessions/sess-1'));
        expect(t.hostname).toBe('dev-laptop-1');
        expect(t.items.map((i) => (i.kind === 'call' ? `${i.entry.subject}:${i.entry.outcome}` : `gap ${i.seconds}s`))).toEqual([
          'git status:allowed', 'git push --force:blocked', 'gap 600s', 'git pull:allowed',
        ]);
        expect((await adminA.request('GET', '/api/v1/sessions/no-such-session')).status).toBe(404);
      });
    });

    describe('alerts, approvals, variables, users and settings', () => {
      it('acknowledges, escalates and resolves an alert, keeping the resolved one', async () => {
        const { adminA, store, orgA } = world;
        const id = (await store.alerts.raise(orgA.id, { kind: 'policy', severity: 'high', title: 't', detail: 'd' }))!;
        expect(await json(adminA.request('POST', `/api/v1/alerts/${id}/acknowledge`))).toMatchObject({ status: 'acknowledged', updatedBy: 'admin@acme.test' });
        expect(await json(adminA.request('POST', `/api/v1/alerts/${id}/escalate`, {}))).toMatchObject({ status: 'escalated' });
        expect(await json(adminA.request('POST', `/api/v1/alerts/${id}/resolve`))).toMatchObject({ status: 'resolved' });
        expect((await adminA.request('POST', `/api/v1/alerts/${id}/acknowledge`)).status).toBe(409);
        const open = await json<{ alerts: unknown[] }>(adminA.request('GET', '/api/v1/alerts?status=open,acknowledged,escalated'));
        expect(open.alerts).toEqual([]);
        const resolved = await json<{ alerts: { id: string; resolvedAt: string | null }[] }>(adminA.request('GET', '/api/v1/alerts?status=resolved'));
        expect(resolved.alerts).toEqual([expect.objectContaining({ id })]);
        expect(resolved.alerts[0]!.resolvedAt).not.toBeNull();
      });

      it('turns host discoveries into pending approvals with an alert, once', async () => {
        const { hostA, adminA } = world;
        const items = [{ name: 'postgres-mcp', version: '0.3.1', type: 'mcp_server', findings: [{ severity: 'high', title: 'runs arbitrary SQL' }] }];
        expect(await json(hostA.request('POST', '/api/v1/host/discoveries', { items }))).toEqual({ pending: 1 });
        expect(await json(hostA.request('POST', '/api/v1/host/discoveries', { items }))).toEqual({ pending: 0 });
        expect((await hostA.request('POST', '/api/v1/host/discoveries', { items: [{ name: 'a/b', type: 'plugin' }] })).status).toBe(400);
        const pending = await json<{ approvals: { id: string; name: string; status: string; hostname: string }[] }>(adminA.request('GET', '/api/v1/approvals?status=pending'));
        expect(pending.approvals).toEqual([expect.objectContaining({ name: 'postgres-mcp', status: 'pending', hostname: 'dev-laptop-1' })]);
        const alerts = await json<{ alerts: { kind: string; severity: string }[] }>(adminA.request('GET', '/api/v1/alerts?kind=plugin'));
        expect(alerts.alerts).toEqual([expect.objectContaining({ kind: 'plugin', severity: 'high' })]);
        expect(await json(adminA.request('POST', `/api/v1/approvals/${pending.approvals[0]!.id}/dismiss`))).toMatchObject({ status: 'dismissed', decidedBy: 'admin@acme.test' });
      });

      it('lists variables with the roles that use them, and keeps those in use', async () => {
        const { adminA } = world;
        const zone = await json<{ id: string; builtin: boolean }>(adminA.request('POST', '/api/v1/variables', { name: 'zone', values: [{ value: 'eu', patterns: ['^eu-'] }] }));
        expect(zone.builtin).toBe(false);
        expect((await adminA.request('POST', '/api/v1/variables', { name: 'bad', values: [{ value: 'x', patterns: ['(a+)+$'] }] })).status).toBe(400);
        await adminA.request('POST', '/api/v1/roles', { name: 'eu-only', commands: [{ pattern: 'terraform apply*', action: 'deny', when: { zone: 'eu' } }] });
        const vars = await json<{ variables: { name: string; builtin: boolean; usedBy: number; usedByRoles: { name: string }[] }[] }>(adminA.request('GET', '/api/v1/variables'));
        expect(vars.variables.map((v) => [v.name, v.builtin, v.usedBy])).toEqual([['env', true, 0], ['zone', false, 1]]);
        expect((await adminA.request('DELETE', `/api/v1/variables/${zone.id}`)).status).toBe(409);
        const env = vars.variables.find((v) => v.name === 'env') as unknown as { id: string };
        expect((await adminA.request('DELETE', `/api/v1/variables/${env.id}`)).status).toBe(409);
      });

      it('lets an admin add a viewer who can read but not change', async () => {
        const { adminA, app } = world;
        const created = await adminA.request('POST', '/api/v1/users', { email: 'New.Viewer@acme.test', password: 'a long enough password', role: 'viewer' });
        expect(created.status).toBe(201);
        expect((await adminA.request('POST', '/api/v1/users', { email: 'new.viewer@acme.test', password: 'a long enough password', role: 'viewer' })).status).toBe(409);
        expect((await adminA.request('POST', '/api/v1/users', { email: 'x@acme.test', password: 'short', role: 'viewer' })).status).toBe(400);
        const login = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'new.viewer@acme.test', password: 'a long enough password' }) });
        expect(login.status).toBe(200);
        const me = (await json<{ users: { id: string; email: string }[] }>(adminA.request('GET', '/api/v1/users'))).users.find((u) => u.email === 'admin@acme.test')!;
        expect((await adminA.request('DELETE', `/api/v1/users/${me.id}`)).status).toBe(409);
      });

      it('keeps the retention setting per org', async () => {
        const { adminA, adminB } = world;
        expect(await json(adminA.request('PATCH', '/api/v1/settings', { retentionDays: 30 }))).toMatchObject({ org: { name: 'Acme', retentionDays: 30 } });
        expect(await json(adminB.request('GET', '/api/v1/settings'))).toMatchObject({ org: { name: 'Globex', retentionDays: 90 } });
        expect((await adminA.request('PATCH', '/api/v1/settings', { retentionDays: 0 })).status).toBe(400);
      });
    });
  });
}
