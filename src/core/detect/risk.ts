// Cumulative risk per agent: findings add weight by severity, the score halves every half-life,
// and each threshold the score has reached raises later verdicts by one step (allow → flag →
// ask → block). A level is kept until the score has stayed below its threshold for the TTL.
import type { Severity, Verdict } from '../vocabulary.js';
import { LruMap } from './lru.js';

export interface RiskSettings {
  readonly enabled: boolean;
  readonly halfLifeSeconds: number;
  /** Ascending; crossing the n-th raises verdicts n steps. */
  readonly thresholds: readonly number[];
  readonly ttlSeconds: number;
  readonly weights: Readonly<Record<Severity, number>>;
}

export interface RiskLevel {
  /** The decayed score at the time asked, rounded to two decimals for display. */
  readonly score: number;
  /** How many thresholds are in effect: the number of steps later verdicts are raised. */
  readonly level: number;
}

interface RiskState {
  score: number;
  /** When `score` was last brought up to date. */
  at: number;
  /** Per threshold, the last time the score was at or above it; null if never. */
  readonly lastAbove: (number | null)[];
}

const VERDICTS: readonly Verdict[] = ['allow', 'flag', 'ask', 'block'];

/** The verdict raised by `steps`, never past block. */
export function escalate(verdict: Verdict, steps: number): Verdict {
  const i = VERDICTS.indexOf(verdict);
  return VERDICTS[Math.min(VERDICTS.length - 1, i + Math.max(0, steps))]!;
}

export class RiskTracker {
  private readonly agents: LruMap<string, RiskState>;

  constructor(readonly settings: RiskSettings, maxAgents = 10_000) {
    this.agents = new LruMap(maxAgents);
  }

  /** Decays the score to `now`, noting when it fell below each threshold it had reached. */
  private bring(state: RiskState, now: number): void {
    const halfLifeMs = this.settings.halfLifeSeconds * 1000;
    const dt = Math.max(0, now - state.at);
    this.settings.thresholds.forEach((t, i) => {
      if (state.score < t) return;
      // The moment the decaying score crossed t on its way down, or now if it has not yet.
      const crossed = state.at + halfLifeMs * Math.log2(state.score / t);
      state.lastAbove[i] = Math.max(state.lastAbove[i] ?? -Infinity, Math.min(now, crossed));
    });
    state.score *= 2 ** (-dt / halfLifeMs);
    state.at = Math.max(state.at, now);
  }

  private levelOf(state: RiskState, now: number): RiskLevel {
    const ttlMs = this.settings.ttlSeconds * 1000;
    const level = state.lastAbove.filter((t) => t !== null && now - t <= ttlMs).length;
    return { score: Math.round(state.score * 100) / 100, level };
  }

  private state(agent: string, now: number): RiskState {
    return this.agents.getOrCreate(agent, () => ({ score: 0, at: now, lastAbove: this.settings.thresholds.map(() => null) }));
  }

  /** The agent's score and level at `now`, without adding anything. */
  current(agent: string, now: number): RiskLevel {
    if (!this.settings.enabled) return { score: 0, level: 0 };
    const state = this.state(agent, now);
    this.bring(state, now);
    return this.levelOf(state, now);
  }

  /** Adds the weight of findings' severities at `now`; returns the new score and level. */
  add(agent: string, severities: readonly Severity[], now: number): RiskLevel {
    if (!this.settings.enabled) return { score: 0, level: 0 };
    const state = this.state(agent, now);
    this.bring(state, now);
    for (const s of severities) state.score += this.settings.weights[s];
    this.settings.thresholds.forEach((t, i) => { if (state.score >= t) state.lastAbove[i] = now; });
    return this.levelOf(state, now);
  }
}
