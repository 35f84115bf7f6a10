// The Policy Advisor API in-process, on every store dialect: a role's hosts upload their audit
// log, an admin generates a suggestion, reads it, applies some changes (the host gets the new
// policy) or discards it; viewers read only, other orgs see nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../audit/entry.js';
import { loadPolicyText } from '../../core/policy/load-policy.js';
import { fleetTargets, type FleetPlace } from '../../store/fleet/fleet-targets.js';
import { json, makeWorld, type World } from '../testing/harness.js';
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import { command as anyCommand, hostLog, uploadOf } from '../testing/host-log.js';

/** A command recorded under a Monitor mode role: the activity the Policy Advisor learns from. */
const command = (subject: string, over: Partial<AuditEntryInput> = {}): AuditEntryInput => anyCommand(subject, { mode: 'monitor', ...over });

/** Dates a host's assignment to its role back, as if it had been made at `at`. */
async function assignedAt(store: FleetStore, hostId: string, at: number): Promise<void> {
  await store.db.updateTable('hosts').set({ role_assigned_at: new Date(at).toISOString() }).where('id', '=', hostId).execute();
}

type Change = { op: string; kind: string; rule: string; action: string; confidence: number; risk: string; reasoning: string; target?: { index: number; rule: string; action: string } };
type Suggestion = { id: string; roleId: string; roleName: string; status: string; changeCount: number; hostCount: number; eventCount: number; changes: Change[]; applied: number[] | null; partiallyApplied: boolean; evidence: string };
type Role = { id: string; version: number; commands: { pattern: string; action: string }[]; mcp: { tool: string; action: string }[] };

for (const target of await fleetTargets()) {
  describe.skipIf(target.unavailable !== null)(`suggestions API on ${target.dialect}`, () => {
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

    const DAY = 86_400_000;

    /**
     * A role with one catch-all rule, host A assigned, and its activity uploaded: one command three
     * days ago (past the default 48-hour minimum observation) and the rest a minute ago. The org
     * asks to see every change, however speculative (confidence threshold 0).
     */
    async function seeded(): Promise<Role> {
      const { adminA, hostA } = world;
      await json(adminA.request('PATCH', '/api/v1/settings', { advisor: { confidenceThreshold: 0 } }));
      const role = await json<Role>(adminA.request('POST', '/api/v1/roles', { name: 'backend', commands: [{ pattern: '*', action: 'ask' }] }));
      expect((await adminA.request('PUT', `/api/v1/hosts/${hostA.hostId}/role`, { roleId: role.id })).status).toBe(200);
      await assignedAt(world.store, hostA.hostId, Date.now() - 4 * DAY);
      const inputs: AuditEntryInput[] = [];
      for (let i = 0; i < 6; i++) inputs.push(command('git status -s', { session: `sess-${i % 3}` }));
      for (let i = 0; i < 5; i++) inputs.push(command('filesystem/read_file', { type: 'mcp_tool_call', binary: null, tool: 'mcp__filesystem__read_file', session: `sess-${i % 2}` }));
      inputs.push(command('rm -rf /', { binary: 'rm', severity: 'critical', outcome: 'would_block', findings: [{ rule: 'rm-root', severity: 'critical', verdict: 'block', title: 'deletes the root' }] }));
      const log = hostLog(hostA.key, Date.now() - 3 * DAY);
      log.add([command('npm test')], Date.now() - 3 * DAY);
      log.add(inputs, Date.now() - 60_000);
      expect((await hostA.request('POST', '/api/v1/host/audit', uploadOf(log.records, log.checkpoints))).status).toBe(200);
      return role;
    }

    it('generates a suggestion from the role’s hosts and applies the selected changes to the role and its hosts', async () => {
      const { adminA, hostA, viewerA } = world;
      const role = await seeded();
      const res = await adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`);
      expect(res.status).toBe(201);
      const sug = await json<Suggestion>(res);
      expect(sug).toMatchObject({ roleId: role.id, roleName: 'backend', status: 'pending', hostCount: 1, eventCount: 13, changeCount: 3 });
      expect(sug.changes.map((c) => [c.kind, c.rule, c.action, c.risk])).toEqual([
        ['command', 'rm *', 'deny', 'critical'],
        ['command', 'git status *', 'allow', 'low'],
        ['mcp', 'filesystem/read_file', 'allow', 'low'],
      ]);
      expect(sug.changes[1]!.reasoning).toMatch(/seen 6 times in 3 sessions on 1 host/);

      const listed = await json<{ suggestions: Suggestion[] }>(viewerA.request('GET', '/api/v1/suggestions'));
      expect(listed.suggestions.map((s) => [s.id, s.roleName, s.status, s.changeCount])).toEqual([[sug.id, 'backend', 'pending', 3]]);
      expect((await viewerA.request('POST', `/api/v1/suggestions/${sug.id}/apply`, { changes: [0] })).status).toBe(403);

      const bad = await adminA.request('POST', `/api/v1/suggestions/${sug.id}/apply`, { changes: [7] });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/no change 7/);

      const applied = await json<{ suggestion: Suggestion; role: Role }>(adminA.request('POST', `/api/v1/suggestions/${sug.id}/apply`, { changes: [0, 1] }));
      expect(applied.suggestion).toMatchObject({ status: 'applied', applied: [0, 1], partiallyApplied: true });
      expect(applied.role.version).toBe(role.version + 1);
      expect(applied.role.commands.map((r) => [r.pattern, r.action])).toEqual([['rm *', 'deny'], ['git status *', 'allow'], ['*', 'ask']]);
      expect(applied.role.mcp).toEqual([]);

      const policy = loadPolicyText(await (await hostA.request('GET', '/api/v1/host/policy')).text(), 'policy.yaml');
      expect(policy.errors).toEqual([]);
      expect(policy.value!.roles.get('backend')!.commands.map((c) => c.pattern)).toEqual(['rm *', 'git status *', '*']);

      expect((await adminA.request('POST', `/api/v1/suggestions/${sug.id}/apply`, {})).status).toBe(409);
      expect((await adminA.request('POST', `/api/v1/suggestions/${sug.id}/discard`)).status).toBe(409);

      const again = await json<Suggestion>(adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`, { days: 1 }));
      expect(again.changes.map((c) => c.rule)).toEqual(['filesystem/read_file']);
    });

    it('discards a suggestion, and keeps suggestions inside their org', async () => {
      const { adminA, adminB } = world;
      const role = await seeded();
      const sug = await json<Suggestion>(adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`));
      expect((await adminB.request('GET', `/api/v1/suggestions/${sug.id}`)).status).toBe(404);
      expect((await adminB.request('POST', `/api/v1/suggestions/${sug.id}/discard`)).status).toBe(404);
      expect((await adminB.request('POST', `/api/v1/roles/${role.id}/suggestions`)).status).toBe(404);
      expect((await json<{ suggestions: unknown[] }>(adminB.request('GET', '/api/v1/suggestions'))).suggestions).toEqual([]);
      const discarded = await json<Suggestion>(adminA.request('POST', `/api/v1/suggestions/${sug.id}/discard`));
      expect(discarded.status).toBe('discarded');
      const unchanged = await json<Role>(adminA.request('GET', `/api/v1/roles/${role.id}`));
      expect(unchanged).toMatchObject({ version: role.version, commands: [{ pattern: '*', action: 'ask' }] });
      expect((await json<{ suggestions: Suggestion[] }>(adminA.request('GET', '/api/v1/suggestions?status=pending'))).suggestions).toEqual([]);
    });

    it('learns only from Monitor mode activity a host recorded since it was assigned to the role; a moved host brings none along', async () => {
      const { adminA, hostA } = world;
      await json(adminA.request('PATCH', '/api/v1/settings', { advisor: { confidenceThreshold: 0 } }));
      const backend = await json<Role>(adminA.request('POST', '/api/v1/roles', { name: 'backend', mode: 'monitor', commands: [{ pattern: '*', action: 'ask' }] }));
      const ops = await json<Role>(adminA.request('POST', '/api/v1/roles', { name: 'ops', mode: 'monitor', commands: [{ pattern: '*', action: 'ask' }] }));
      expect((await adminA.request('PUT', `/api/v1/hosts/${hostA.hostId}/role`, { roleId: backend.id })).status).toBe(200);
      await assignedAt(world.store, hostA.hostId, Date.now() - 3 * DAY);
      const log = hostLog(hostA.key, Date.now() - 4 * DAY);
      // Under its previous role, before the assignment: routine kubectl work.
      log.add(Array.from({ length: 10 }, (_, i) => command('kubectl get pods', { session: `old-${i % 3}` })), Date.now() - 4 * DAY);
      log.add([command('npm ci')], Date.now() - 3 * DAY + 60_000);
      log.add(Array.from({ length: 6 }, (_, i) => command('git status -s', { session: `sess-${i % 3}` })), Date.now() - 120_000);
      // Recorded while the role was in enforce mode: not Monitor mode activity.
      log.add(Array.from({ length: 8 }, (_, i) => command('docker ps', { session: `sess-${i % 3}`, mode: 'enforce' })), Date.now() - 60_000);
      expect((await hostA.request('POST', '/api/v1/host/audit', uploadOf(log.records, log.checkpoints))).status).toBe(200);

      const sug = await json<Suggestion>(adminA.request('POST', `/api/v1/roles/${backend.id}/suggestions`, { days: 7 }));
      expect(sug).toMatchObject({ hostCount: 1, eventCount: 7 });
      expect(sug.changes.map((c) => c.rule)).toEqual(['git status *']);
      expect(sug.evidence).toBe('Evidence: Monitor mode activity only, of each host since it was assigned to this role.');

      // Moved to ops now: its backend activity does not count for ops, and moving back starts afresh.
      expect((await adminA.request('PUT', `/api/v1/hosts/${hostA.hostId}/role`, { roleId: ops.id })).status).toBe(200);
      for (const role of [ops, backend]) {
        if (role === backend) expect((await adminA.request('PUT', `/api/v1/hosts/${hostA.hostId}/role`, { roleId: backend.id })).status).toBe(200);
        const res = await adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`);
        expect(res.status).toBe(409);
        expect(await res.text()).toMatch(/the role's hosts have 0 hours of Monitor mode activity since they were assigned to it/);
      }
    });

    it('refuses to suggest for a role without hosts, and leaves no suggestion behind', async () => {
      const { adminA } = world;
      const role = await json<Role>(adminA.request('POST', '/api/v1/roles', { name: 'empty' }));
      await seeded();
      const res = await adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`);
      expect(res.status).toBe(409);
      expect(await res.text()).toMatch(/no host is assigned to this role/);
      expect((await json<{ suggestions: unknown[] }>(adminA.request('GET', `/api/v1/suggestions?roleId=${role.id}`))).suggestions).toEqual([]);
    });

    it('follows the org advisor settings: defaults of 48 hours and 60%, disabled refuses, too little observation refuses, low-confidence changes are left out', async () => {
      const { adminA, viewerA } = world;
      type Settings = { org: { advisor: { enabled: boolean; schedule: string; minObservationHours: number; confidenceThreshold: number } } };
      const defaults = await json<Settings>(viewerA.request('GET', '/api/v1/settings'));
      expect(defaults.org.advisor).toEqual({ enabled: true, schedule: 'weekly', minObservationHours: 48, confidenceThreshold: 60 });
      const role = await seeded();
      expect((await viewerA.request('PATCH', '/api/v1/settings', { advisor: { enabled: false } })).status).toBe(403);
      for (const [advisor, field] of [[{ confidenceThreshold: 101 }, 'confidenceThreshold'], [{ minObservationHours: 0 }, 'minObservationHours'], [{ schedule: 'hourly' }, 'schedule'], [{ minObservationDays: 2 }, 'minObservationDays']] as const) {
        const bad = await adminA.request('PATCH', '/api/v1/settings', { advisor });
        expect(bad.status).toBe(400);
        expect(await bad.text()).toContain(field);
      }

      const off = await json<Settings>(adminA.request('PATCH', '/api/v1/settings', { advisor: { enabled: false } }));
      expect(off.org.advisor.enabled).toBe(false);
      const refused = await adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`);
      expect(refused.status).toBe(409);
      expect(await refused.text()).toMatch(/Policy Advisor is disabled/);

      // The host has 72 hours of activity: enough for 48, not for 100.
      await json(adminA.request('PATCH', '/api/v1/settings', { advisor: { enabled: true, minObservationHours: 100 } }));
      const short = await adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`);
      expect(short.status).toBe(409);
      expect(await short.text()).toMatch(/not enough observation yet: the role's hosts have 7[12] hours of Monitor mode activity since they were assigned to it, the organization's minimum observation is 100 hours/);
      await json(adminA.request('PATCH', '/api/v1/settings', { advisor: { minObservationHours: 48 } }));

      const all = await json<Suggestion>(adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`, { days: 3 }));
      expect(all.changeCount).toBe(3);
      const threshold = Math.min(...all.changes.map((c) => c.confidence)) + 1;
      const saved = await json<Settings>(adminA.request('PATCH', '/api/v1/settings', { advisor: { confidenceThreshold: threshold } }));
      expect(saved.org.advisor).toEqual({ enabled: true, schedule: 'weekly', minObservationHours: 48, confidenceThreshold: threshold });
      const high = await json<Suggestion>(adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`));
      expect(high.changes.length).toBeLessThan(all.changes.length);
      expect(high.changes.every((c) => c.confidence >= threshold)).toBe(true);
    });

    it('proposes removing an unused allow rule and modifying one that let risky work through; a removal whose rule is gone is skipped', async () => {
      const { adminA, hostA } = world;
      const commands = [{ pattern: 'git push *', action: 'allow' }, { pattern: 'kubectl delete *', action: 'allow' }, { pattern: 'npm *', action: 'allow' }, { pattern: '*', action: 'ask' }];
      const role = await json<Role>(adminA.request('POST', '/api/v1/roles', { name: 'ops', commands }));
      expect((await adminA.request('PUT', `/api/v1/hosts/${hostA.hostId}/role`, { roleId: role.id })).status).toBe(200);
      await assignedAt(world.store, hostA.hostId, Date.now() - 4 * DAY);
      const inputs: AuditEntryInput[] = [];
      for (let i = 0; i < 50; i++) inputs.push(command('npm test', { session: `s${i % 2}` }));
      for (let i = 0; i < 4; i++) inputs.push(command('git push --force origin main', { session: `s${i % 2}`, outcome: 'would_block' }));
      await json(adminA.request('PATCH', '/api/v1/settings', { advisor: { confidenceThreshold: 0 } }));
      // One command three days ago, outside the 2-day window, makes the observation long enough.
      const log = hostLog(hostA.key, Date.now() - 3 * DAY);
      log.add([command('npm ci')], Date.now() - 3 * DAY);
      log.add(inputs, Date.now() - 60_000);
      expect((await hostA.request('POST', '/api/v1/host/audit', uploadOf(log.records, log.checkpoints))).status).toBe(200);

      const sug = await json<Suggestion & { removes: number; modifies: number }>(adminA.request('POST', `/api/v1/roles/${role.id}/suggestions`, { days: 2 }));
      expect(sug).toMatchObject({ eventCount: 54, removes: 1, modifies: 1 });
      expect(sug.changes.map((c) => [c.op, c.rule, c.action, c.target])).toEqual([
        ['modify', 'git push *', 'ask', { index: 0, rule: 'git push *', action: 'allow' }],
        ['remove', 'kubectl delete *', 'allow', { index: 1, rule: 'kubectl delete *', action: 'allow' }],
      ]);
      expect(sug.changes[1]!.reasoning).toMatch(/^unused in 2 days over 54 events/);

      // Someone drops the kubectl rule meanwhile: the removal is skipped and said so, the modify applies.
      await json(adminA.request('PATCH', `/api/v1/roles/${role.id}`, { commands: commands.filter((r) => r.pattern !== 'kubectl delete *') }));
      const onlyGone = await adminA.request('POST', `/api/v1/suggestions/${sug.id}/apply`, { changes: [1] });
      expect(onlyGone.status).toBe(409);
      expect(await onlyGone.text()).toMatch(/kubectl delete \*.*no longer in the role/);
      const applied = await json<{ suggestion: Suggestion; role: Role; skipped: { change: number; reason: string }[] }>(adminA.request('POST', `/api/v1/suggestions/${sug.id}/apply`, {}));
      expect(applied.skipped).toEqual([{ change: 1, reason: 'the rule "kubectl delete *" (allow) is no longer in the role' }]);
      expect(applied.suggestion).toMatchObject({ status: 'applied', applied: [0], partiallyApplied: true });
      expect(applied.role.commands.map((r) => [r.pattern, r.action])).toEqual([['git push *', 'ask'], ['npm *', 'allow'], ['*', 'ask']]);
    });
  });
}
