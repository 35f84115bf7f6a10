// The stateful runtime detectors behind one façade: credential leaks, tool drift, rate limits,
// sequences and cumulative risk. Pure: time is passed in, state lives in memory (bounded by
// LRUs) and the tool registry exports to JSON. One instance per process that judges events.
import { stricterVerdict, type Decision } from '../decision.js';
import type { Event, EventContext } from '../events.js';
import type { Severity, Verdict } from '../vocabulary.js';
import type { Finding } from '../rules/rule-pack.js';
import { subjectsOf, type Subjects } from '../rules/subjects.js';
import { leakFindings } from './credential-leak.js';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './detectors-config.js';
import { CHANGED_TOOL, detectorFinding, ELEVATED_RISK, RATE_LIMIT, UNDECLARED_TOOL } from './detector-rules.js';
import { redactValue } from './redact.js';
import { RateLimiter } from './rate-limit.js';
import { escalate, RiskTracker, type RiskLevel } from './risk.js';
import type { Sequence } from './sequence.js';
import { SequenceTracker } from './sequence-tracker.js';
import { ToolRegistry, type DeclaredTool, type RegistryState, type ToolChange } from './tool-registry.js';

/** What the detectors need of the engine's decision for the same event. */
export type DecisionSummary = Pick<Decision, 'verdict' | 'outcome' | 'mode' | 'findings'>;

export interface Observation {
  /** Detector findings, in the rule pack's shape; merge them into the decision as rule findings are. */
  readonly findings: readonly Finding[];
  /** The agent's cumulative risk after this event. */
  readonly risk: RiskLevel;
  /** For a tool result holding credentials, with redact_results on: the result to hand on instead. */
  readonly redactedContent?: unknown;
}

export interface DetectorState {
  readonly tools: RegistryState;
}

/** Events that are an agent attempting something, as opposed to what tools say back. */
const ACTIONS = new Set<Event['kind']>(['command', 'mcp_tool_call', 'file_access', 'web_request']);
const RISK_SEVERITY: readonly Severity[] = ['info', 'medium', 'high', 'critical'];

const agentKey = (c: EventContext): string => `${c.host ?? ''}\u0000${c.agent ?? ''}`;
const sessionKey = (c: EventContext): string => `${agentKey(c)}\u0000${c.session ?? ''}`;
const who = (c: EventContext): string => [c.agent ?? 'unknown agent', c.host ? `on ${c.host}` : ''].filter(Boolean).join(' ');

/** Names of the tool an event uses, the one rate limits count first. */
function toolNames(event: Event): string[] {
  const own = event.context.tool;
  if (event.kind === 'mcp_tool_call') return [`${event.server}/${event.tool}`, ...(own ? [own] : [])];
  return [own ?? event.kind];
}

function strictestVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((best, v) => (stricterVerdict(v, best) ? v : best), 'allow');
}

const changeFinding = (change: ToolChange, severity: Severity): Finding =>
  detectorFinding(CHANGED_TOOL, severity, `${change.server}/${change.tool} changed since first seen: ${change.diff.summary}`);

export class RuntimeDetectors {
  private readonly rates: RateLimiter;
  private readonly sequenceTracker: SequenceTracker;
  private readonly risk: RiskTracker;
  private tools = new ToolRegistry();

  constructor(
    readonly settings: DetectorSettings = DEFAULT_DETECTOR_SETTINGS,
    sequences: readonly Sequence[] = [],
  ) {
    const { limits } = settings;
    this.rates = new RateLimiter(settings.rateLimits, limits.maxAgents);
    const active = settings.sequences.enabled ? sequences.filter((s) => !settings.sequences.disabled.includes(s.id)) : [];
    this.sequenceTracker = new SequenceTracker(active, limits.maxSessions);
    this.risk = new RiskTracker(settings.risk, limits.maxAgents);
  }

  /**
   * Feeds one event after the engine has judged it. `subjects` are what the rule pack looked at
   * (pass the engine's, so command events carry their shell analysis); `now` is in milliseconds.
   */
  observe(event: Event, decision: DecisionSummary, now: number, subjects: Subjects = subjectsOf(event, null)): Observation {
    const ctx = event.context;
    const isAction = ACTIONS.has(event.kind);
    const findings: Finding[] = [...leakFindings(event, this.settings.leak)];
    if (event.kind === 'mcp_tool_call') findings.push(...this.driftFindings(event.server, event.tool));
    if (isAction) findings.push(...this.rateFindings(event, decision, now));

    const stopped = decision.outcome === 'blocked' || (decision.mode === 'enforce' && findings.some((f) => f.verdict === 'block'));
    // What was stopped did not happen: it neither starts nor advances a sequence.
    if (!stopped) {
      for (const fired of this.sequenceTracker.observe(sessionKey(ctx), subjects, { cwd: ctx.cwd, home: ctx.home }, now)) {
        const s = fired.sequence;
        findings.push(detectorFinding({ rule: s.id, title: s.title, tags: s.tags }, s.severity, `${fired.trail.join(' → ')} within ${Math.round(fired.elapsedMs / 1000)} s`));
      }
    }

    // Risk raises this event's verdict by the level reached before it; its own findings count toward later ones.
    const before = this.risk.current(agentKey(ctx), now);
    if (isAction && before.level > 0) {
      const base = strictestVerdict([decision.verdict, ...findings.map((f) => f.verdict)]);
      const raised = escalate(base, before.level);
      if (raised !== base) {
        const severity = RISK_SEVERITY[Math.min(before.level, RISK_SEVERITY.length - 1)]!;
        findings.push(detectorFinding(ELEVATED_RISK, severity, `risk score ${before.score} of ${who(ctx)} is at level ${before.level}: ${base} raised to ${raised}`, raised));
      }
    }
    const scored = [...decision.findings, ...findings].filter((f) => f.rule !== ELEVATED_RISK.rule).map((f) => f.severity);
    const risk = this.risk.add(agentKey(ctx), scored, now);

    const redact = event.kind === 'tool_result' && this.settings.redactResults && findings.some((f) => f.rule === 'WD-LEAK-002');
    return redact ? { findings, risk, redactedContent: redactValue(event.content) } : { findings, risk };
  }

  /** Records a server's tool list (tools/list); findings for tools whose definition changed since first seen. */
  declareTools(server: string, tools: readonly DeclaredTool[], now: number): Finding[] {
    if (!this.settings.drift.enabled) return [];
    return this.tools.declare(server, tools, now).map((c) => changeFinding(c, this.settings.drift.changedSeverity));
  }

  /** Takes in a server's tools as another process stored them (see ToolRegistry.syncServer). */
  syncTools(server: string, stored: RegistryState['servers'][string]): void {
    this.tools.syncServer(server, stored);
  }

  /** The agent's current risk, for status displays. */
  riskOf(context: EventContext, now: number): RiskLevel {
    return this.risk.current(agentKey(context), now);
  }

  exportState(): DetectorState {
    return { tools: this.tools.toJSON() };
  }

  /** Restores exported state; throws WardenError DRIFT_STATE_INVALID on a malformed one. */
  importState(state: unknown): void {
    const tools = state && typeof state === 'object' ? (state as { tools?: unknown }).tools : undefined;
    this.tools = ToolRegistry.fromJSON(tools);
  }

  private driftFindings(server: string, tool: string): Finding[] {
    if (!this.settings.drift.enabled) return [];
    const check = this.tools.check(server, tool);
    if (check.kind === 'undeclared') return [detectorFinding(UNDECLARED_TOOL, this.settings.drift.undeclaredSeverity, `${server}/${tool} is not among the tools ${server} declared`)];
    if (check.kind === 'changed') return [changeFinding(check.change, this.settings.drift.changedSeverity)];
    return [];
  }

  private rateFindings(event: Event, decision: DecisionSummary, now: number): Finding[] {
    const hits = this.rates.take({
      agent: agentKey(event.context), tools: toolNames(event), now,
      blockedByPolicy: decision.outcome === 'blocked', enforcing: decision.mode === 'enforce',
    });
    return hits.map(({ rule, tool }) =>
      detectorFinding(RATE_LIMIT, rule.severity, `${rule.max} calls to ${tool} by ${who(event.context)} already within ${rule.windowSeconds} s (limit for "${rule.tool}")`, rule.action));
  }
}
