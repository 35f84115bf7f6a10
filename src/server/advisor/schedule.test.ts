// The Policy Advisor's analysis schedule on every store dialect: a due org gets a suggestion per
// role without anyone asking, not again before its period has passed, never when off or disabled;
// two servers sharing the database run a due analysis once; an admin can run it now.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../audit/entry.js';
import { fleetTargets, type FleetPlace } from '../../store/fleet/fleet-targets.js';
import { createApp } from '../app.js';
import { json, login, makeWorld, type UserCaller, type World } from '../testing/harness.js';
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import { command as anyCommand, hostLog, uploadOf } from '../testing/host-log.js';
import { AdvisorScheduler } from './schedule.js';

/** A command recorded under a Monitor mode role: the activity the Policy Advisor learns from. */
const command = (subject: string, over: Partial<AuditEntryInput> = {}): AuditEntryInput => anyCommand(subject, { mode: 'monitor', ...over });

/** Dates a host's assignment to its role back, as if it had been made at `at`. */
async function assignedAt(store: FleetStore, hostId: string, at: number): Promise<void> {
  await store.db.updateTable('hosts').set({ role_assigned_at: new Date(at).toISOString() }).where('id', '=', hostId).execute();
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Suggestion = { id: string; roleName: string; status: string; origin: string; changes: { op: string; rule: string; action: string; confidence: number }[] };
type Status = { enabled: boolean; schedule: string; lastStartedAt: string | null; lastFinishedAt: string | null; running: boolean; nextRunAt: string | null; lastResult: { roles: number; suggestions: number; skipped: { roleName: string; reason: string }[] } | null };

for (const target of await fleetTargets()) {
  describe.skipIf(target.unavailable !== null)(`advisor schedule on ${target.dialect}`, () => {
    let place: FleetPlace;
    let world: World;
    let clock: number;
    const now = (): number => clock;

    beforeEach(async () => {
      clock = Date.now();
      place = target.place();
      world = await makeWorld(await place.open(), { now });
    });
    afterEach(async () => {
      world.close();
      await place.remove();
    });

    /** A role with host A: three days of routine git and one critical rm, confident enough for the default 60% threshold. */
    async function seeded(): Promise<{ id: string }> {
      const { adminA, hostA } = world;
      const role = await json<{ id: string }>(adminA.request('POST', '/api/v1/roles', { name: 'backend', commands: [{ pattern: '*', action: 'ask' }] }));
      expect((await adminA.request('PUT', `/api/v1/hosts/${hostA.hostId}/role`, { roleId: role.id })).status).toBe(200);
      await assignedAt(world.store, hostA.hostId, clock - 4 * DAY);
      const log = hostLog(hostA.key, clock - 3 * DAY);
      const routine: AuditEntryInput[] = Array.from({ length: 25 }, (_, i) => command('git status -s', { session: `sess-${i % 5}` }));
      log.add(routine, clock - 3 * DAY);
      log.add([command('rm -rf /', { binary: 'rm', severity: 'critical', outcome: 'would_block', findings: [{ rule: 'rm-root', severity: 'critical', verdict: 'block', title: 'deletes the root' }] })], clock - 2 * DAY);
      expect((await hostA.request('POST', '/api/v1/host/audit', uploadOf(log.records, log.checkpoints))).status).toBe(200);
      return role;
    }

    // Signed in afresh each time: moving the clock on ends login sessions.
    const admin = (): Promise<UserCaller> => login(world.app, world.adminA.name);
    const suggestions = async (): Promise<Suggestion[]> => (await json<{ suggestions: Suggestion[] }>((await admin()).request('GET', '/api/v1/suggestions'))).suggestions;
    const detail = async (id: string): Promise<Suggestion> => json<Suggestion>((await admin()).request('GET', `/api/v1/suggestions/${id}`));
    const status = async (): Promise<Status> => json<Status>((await login(world.app, world.viewerA.name)).request('GET', '/api/v1/advisor'));
    const discard = async (id: string): Promise<void> => {
      expect((await (await admin()).request('POST', `/api/v1/suggestions/${id}/discard`)).status).toBe(200);
    };

    it('analyses every role when the weekly run is due, records what it did, and waits a week before the next', async () => {
      await seeded();
      const before = await status();
      expect(before).toMatchObject({ enabled: true, schedule: 'weekly', lastStartedAt: null, running: false, lastResult: null, nextRunAt: new Date(clock).toISOString() });

      await world.app.advisor.runDue();
      const [made, ...rest] = await suggestions();
      expect(rest).toEqual([]);
      expect(made).toMatchObject({ roleName: 'backend', status: 'pending', origin: 'scheduled' });
      const { changes } = await detail(made!.id);
      expect(changes.map((c) => [c.op, c.rule, c.action])).toEqual([['add', 'rm *', 'deny'], ['add', 'git status *', 'allow']]);
      expect(changes.every((c) => c.confidence >= 60)).toBe(true);
      const after = await status();
      expect(after).toMatchObject({ lastStartedAt: new Date(clock).toISOString(), running: false, nextRunAt: new Date(clock + 7 * DAY).toISOString() });
      // The default role has no host of its own here (host A moved to backend): it is not counted.
      expect(after.lastResult).toEqual({ roles: 1, suggestions: 1, skipped: [] });
      // Org B has no hosts: nothing for it.
      expect((await json<{ suggestions: unknown[] }>(world.adminB.request('GET', '/api/v1/suggestions'))).suggestions).toEqual([]);

      // Six days on, not due; the same changes a day later are not proposed twice.
      clock += 6 * DAY;
      await world.app.advisor.runDue();
      expect(await suggestions()).toHaveLength(1);
      expect((await status()).lastStartedAt).toBe(after.lastStartedAt);
    });

    it('runs daily when set to, skips a role whose pending suggestion already says the same, and never runs when off or disabled', async () => {
      const { adminA } = world;
      const role = await seeded();
      await json(adminA.request('PATCH', '/api/v1/settings', { advisor: { schedule: 'daily' } }));
      await world.app.advisor.runDue();
      const [first] = await suggestions();
      expect(first).toMatchObject({ origin: 'scheduled', status: 'pending' });

      clock += 25 * HOUR;
      await world.app.advisor.runDue();
      expect(await suggestions()).toHaveLength(1);
      expect((await status()).lastResult).toEqual({ roles: 1, suggestions: 0, skipped: [{ roleId: role.id, roleName: 'backend', reason: 'the pending suggestion already proposes these changes' }] });

      // Discarded, the next day's run proposes the changes again.
      await discard(first!.id);
      clock += 25 * HOUR;
      await world.app.advisor.runDue();
      expect((await suggestions()).map((s) => s.status)).toEqual(['pending', 'discarded']);

      for (const advisor of [{ schedule: 'off' }, { schedule: 'daily', enabled: false }]) {
        await json((await admin()).request('PATCH', '/api/v1/settings', { advisor }));
        const last = (await status()).lastStartedAt;
        clock += 3 * DAY;
        await world.app.advisor.runDue();
        expect((await status())).toMatchObject({ lastStartedAt: last, nextRunAt: null });
      }
      expect(await suggestions()).toHaveLength(2);
    });

    it('skips a role whose hosts have not been observed for the minimum, and says why', async () => {
      const { adminA } = world;
      const role = await seeded();
      await json(adminA.request('PATCH', '/api/v1/settings', { advisor: { minObservationHours: 96 } }));
      await world.app.advisor.runDue();
      expect(await suggestions()).toEqual([]);
      expect((await status()).lastResult).toEqual({
        roles: 0, suggestions: 0,
        skipped: [{ roleId: role.id, roleName: 'backend', reason: "not enough observation yet: the role's hosts have 72 hours of Monitor mode activity since they were assigned to it, the organization's minimum observation is 96 hours" }],
      });
    });

    it('runs a due analysis on one of two servers sharing the database', async () => {
      await seeded();
      await json(world.adminA.request('PATCH', '/api/v1/settings', { advisor: { schedule: 'daily' } }));
      const other = createApp({ store: await place.open(), now });
      try {
        expect(other.advisor.replica).not.toBe(world.app.advisor.replica);
        const org = await world.store.orgs.get(world.orgA.id);
        // Both claim the due run at the same moment: one of them runs it.
        const results = await Promise.all([world.app.advisor.runOrg(org, { due: true }), other.advisor.runOrg(org, { due: true })]);
        expect(results.filter((r) => r !== null)).toEqual([{ roles: 1, suggestions: 1, skipped: [] }]);
        // Day after day, both servers tick at once; each day's run happens once (the day's
        // suggestion is discarded first, so a second run would propose the changes again).
        for (let day = 1; day <= 3; day++) {
          const [pending, ...more] = (await suggestions()).filter((s) => s.status === 'pending');
          expect(more).toEqual([]);
          await discard(pending!.id);
          clock += 25 * HOUR;
          await Promise.all([world.app.advisor.runDue(), other.advisor.runDue()]);
          const list = await suggestions();
          expect(list).toHaveLength(day + 1);
          expect(list.filter((s) => s.status === 'pending')).toHaveLength(1);
        }
        // A replica that died holding the claim: the other takes over once the claim runs out.
        const dead = new AdvisorScheduler(world.store, { now, replica: 'crashed' });
        clock += 25 * HOUR;
        expect(await world.store.advisorRuns.claim(org.id, dead.replica, { now: new Date(clock).toISOString(), dueBefore: null, until: new Date(clock + 15 * 60_000).toISOString() })).toBe(true);
        await other.advisor.runDue();
        expect((await status()).running).toBe(true);
        clock += 16 * 60_000;
        await other.advisor.runDue();
        expect((await status())).toMatchObject({ running: false, lastStartedAt: new Date(clock).toISOString() });
      } finally {
        other.close();
      }
    });

    it('leaves a run to another server at once when it stops part-way', async () => {
      await seeded();
      const org = await world.store.orgs.get(world.orgA.id);
      const stopping = new AdvisorScheduler(world.store, { now, replica: 'stopping' });
      await stopping.stop();
      expect(await stopping.runOrg(org, { due: true })).toBeNull();
      expect(await suggestions()).toEqual([]);
      clock += 1;
      expect(await world.app.advisor.runOrg(org, { due: true })).toEqual({ roles: 1, suggestions: 1, skipped: [] });
    });

    it('runs the analysis now when an admin asks, and refuses while disabled', async () => {
      const { adminA, viewerA } = world;
      await seeded();
      expect((await viewerA.request('POST', '/api/v1/advisor/run')).status).toBe(403);
      const ran = await json<Status['lastResult']>(adminA.request('POST', '/api/v1/advisor/run'));
      expect(ran).toEqual({ roles: 1, suggestions: 1, skipped: [] });
      expect((await suggestions()).map((s) => s.origin)).toEqual(['scheduled']);
      await json(adminA.request('PATCH', '/api/v1/settings', { advisor: { enabled: false } }));
      const off = await adminA.request('POST', '/api/v1/advisor/run');
      expect(off.status).toBe(409);
      expect(await off.text()).toMatch(/disabled/);
    });
  });
}
