// The Policy Advisor's analysis runs, one row per org. A replica runs an org's analysis only after
// claiming the row in one conditional update, so of several replicas sharing the database exactly
// one runs it; a claim that is not released (the replica died) runs out at `claimed_until`.
import type { Kysely } from 'kysely';
import type { FleetDatabase } from './schema.js';

type Db = Kysely<FleetDatabase>;

export interface AdvisorRunResult {
  /** Roles analysed (those with hosts). */
  readonly roles: number;
  /** Suggestions created. */
  readonly suggestions: number;
  /** Roles that got no new suggestion, and why. */
  readonly skipped: readonly { readonly roleId: string; readonly roleName: string; readonly reason: string }[];
  /** Set when the run failed part-way. */
  readonly error?: string;
}

export interface AdvisorRunRecord {
  readonly lastStartedAt: string | null;
  readonly lastFinishedAt: string | null;
  /** True while a replica holds a live claim. */
  readonly running: boolean;
  readonly lastResult: AdvisorRunResult | null;
}

function resultOf(text: string | null): AdvisorRunResult | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as AdvisorRunResult;
  } catch {
    return null;
  }
}

export class AdvisorRuns {
  constructor(private readonly db: Db) {}

  async get(orgId: string, now: string): Promise<AdvisorRunRecord> {
    const r = await this.db.selectFrom('advisor_runs').selectAll().where('org_id', '=', orgId).executeTakeFirst();
    if (!r) return { lastStartedAt: null, lastFinishedAt: null, running: false, lastResult: null };
    return { lastStartedAt: r.last_started_at, lastFinishedAt: r.last_finished_at, running: r.claimed_until !== null && r.claimed_until > now, lastResult: resultOf(r.last_result) };
  }

  /**
   * Claims the org's next run for `replica`: true for the one caller that gets it. The run is due
   * when none started after `dueBefore` or the last one never finished (null: whenever no claim
   * holds it); a live claim of another replica always wins.
   */
  async claim(orgId: string, replica: string, o: { now: string; dueBefore: string | null; until: string }): Promise<boolean> {
    await this.db.insertInto('advisor_runs')
      .values({ org_id: orgId, last_started_at: null, last_finished_at: null, claimed_by: null, claimed_until: null, last_result: null })
      .onConflict((oc) => oc.column('org_id').doNothing())
      .execute();
    let q = this.db.updateTable('advisor_runs')
      .set({ claimed_by: replica, claimed_until: o.until, last_started_at: o.now })
      .where('org_id', '=', orgId)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', o.now)]));
    const dueBefore = o.dueBefore;
    // A claim left behind by a replica that died (claimed_by still set, its time run out) is due again.
    if (dueBefore !== null) q = q.where((eb) => eb.or([eb('last_started_at', 'is', null), eb('last_started_at', '<=', dueBefore), eb('claimed_by', 'is not', null)]));
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Keeps a long run's claim alive. */
  async renew(orgId: string, replica: string, until: string): Promise<void> {
    await this.db.updateTable('advisor_runs').set({ claimed_until: until }).where('org_id', '=', orgId).where('claimed_by', '=', replica).execute();
  }

  /** Gives a run up unfinished (the server is stopping): its claim ends now, so another replica takes the run over. */
  async abandon(orgId: string, replica: string, now: string): Promise<void> {
    await this.db.updateTable('advisor_runs').set({ claimed_until: now }).where('org_id', '=', orgId).where('claimed_by', '=', replica).execute();
  }

  /** Records what the run did and releases the claim. */
  async finish(orgId: string, replica: string, result: AdvisorRunResult, now: string): Promise<void> {
    await this.db.updateTable('advisor_runs')
      .set({ claimed_by: null, claimed_until: null, last_finished_at: now, last_result: JSON.stringify(result) })
      .where('org_id', '=', orgId).where('claimed_by', '=', replica)
      .execute();
  }
}
