// The Policy Advisor's analysis schedule: each org whose advisor is on and scheduled daily or
// weekly has every role analysed when its period has passed since the last run. Each server
// process ticks; the org's row in advisor_runs is claimed first, so with several replicas on one
// database a given run happens on exactly one of them.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AdvisorRunResult } from '../../store/fleet/advisor-runs.js';
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import type { AdvisorSchedule, Org } from '../../store/fleet/types.js';
import { analyzeRole, sameChanges, saveAnalysis } from './analyze.js';

export const SCHEDULE_MS: Record<Exclude<AdvisorSchedule, 'off'>, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 };
/** How long a claim holds before another replica may take over a run its holder never finished. */
export const CLAIM_MS = 15 * 60_000;
/** How often a server looks for due runs. */
export const TICK_MS = 60_000;

type Skipped = AdvisorRunResult['skipped'][number];

/** Thrown between roles when the server is stopping. */
class Stopping extends Error {}

/** When the org's next scheduled run is due, or null when none is scheduled. */
export function nextRunAt(org: Org, lastStartedAt: string | null, now: number): string | null {
  if (!org.advisor.enabled || org.advisor.schedule === 'off') return null;
  if (lastStartedAt === null) return new Date(now).toISOString();
  return new Date(Math.max(now, Date.parse(lastStartedAt) + SCHEDULE_MS[org.advisor.schedule])).toISOString();
}

export class AdvisorScheduler {
  readonly replica: string;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: FleetStore,
    private readonly o: { readonly logger?: Logger; readonly now?: () => number; readonly replica?: string } = {},
  ) {
    this.replica = o.replica ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** Analyses every role of the org now if this process can claim the run; null when another holds it (or, with `due`, it is not due). */
  async runOrg(org: Org, o: { due: boolean }): Promise<AdvisorRunResult | null> {
    const now = this.now();
    const schedule = org.advisor.schedule;
    const dueBefore = o.due && schedule !== 'off' ? new Date(now - SCHEDULE_MS[schedule]).toISOString() : null;
    const claimed = await this.store.advisorRuns.claim(org.id, this.replica, { now: new Date(now).toISOString(), dueBefore, until: new Date(now + CLAIM_MS).toISOString() });
    if (!claimed) return null;
    let result: AdvisorRunResult;
    try {
      result = await this.analyseRoles(org);
    } catch (error) {
      if (error instanceof Stopping) {
        await this.store.advisorRuns.abandon(org.id, this.replica, new Date(this.now()).toISOString());
        return null;
      }
      this.o.logger?.error({ err: error, org: org.id }, 'policy advisor analysis failed');
      result = { roles: 0, suggestions: 0, skipped: [], error: error instanceof Error ? error.message : String(error) };
    }
    await this.store.advisorRuns.finish(org.id, this.replica, result, new Date(this.now()).toISOString());
    return result;
  }

  private async analyseRoles(org: Org): Promise<AdvisorRunResult> {
    const settings = (await this.store.orgs.get(org.id)).advisor;
    const skipped: Skipped[] = [];
    let roles = 0;
    let suggestions = 0;
    for (const role of await this.store.roles.list(org.id)) {
      if (this.stopping) throw new Stopping('the server is stopping');
      const a = await analyzeRole(this.store, role, settings, { now: this.now() });
      await this.store.advisorRuns.renew(org.id, this.replica, new Date(this.now() + CLAIM_MS).toISOString());
      if (a.kind === 'not_enough') {
        if (role.hostCount > 0) skipped.push({ roleId: role.id, roleName: role.name, reason: a.reason });
        continue;
      }
      roles++;
      if (!a.changes.length) {
        skipped.push({ roleId: role.id, roleName: role.name, reason: 'nothing to change: the role already matches what its hosts did' });
        continue;
      }
      const [pending] = await this.store.suggestions.list(org.id, { roleId: role.id, status: 'pending', limit: 1 });
      if (pending && sameChanges(pending, a.changes)) {
        skipped.push({ roleId: role.id, roleName: role.name, reason: 'the pending suggestion already proposes these changes' });
        continue;
      }
      await saveAnalysis(this.store, role, a, 'scheduled');
      suggestions++;
    }
    return { roles, suggestions, skipped };
  }

  /** Runs every org's analysis that is due and this process claims. */
  async runDue(): Promise<void> {
    for (const org of await this.store.orgs.list()) {
      if (this.stopping) return;
      if (!org.advisor.enabled || org.advisor.schedule === 'off') continue;
      try {
        const r = await this.runOrg(org, { due: true });
        if (r) this.o.logger?.info({ org: org.id, ...r, skipped: r.skipped.length }, 'policy advisor analysis ran');
      } catch (error) {
        this.o.logger?.error({ err: error, org: org.id }, 'policy advisor schedule failed');
      }
    }
  }

  /** Ticks now and every `everyMs`; a tick that finds the last one still running does nothing. */
  start(everyMs = TICK_MS): void {
    let busy = false;
    const tick = (): void => {
      if (busy) return;
      busy = true;
      this.running = this.runDue().catch((err: unknown) => this.o.logger?.error({ err }, 'policy advisor schedule failed')).finally(() => (busy = false));
    };
    tick();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  /** Stops ticking; a run in progress stops after the role it is on, leaving the rest to another replica. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
