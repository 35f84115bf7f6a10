// One hook call, start to answer: payload → events → judged → recorded in the audit log → the
// agent's own answer. The same function runs in the daemon (a judge held loaded) and in a hook
// process (the judge loaded from the policy file). Never throws: whatever goes wrong is answered
// by failSafeDecision, by the role's on_error and mode as far as they can be known.
import type { AuditEntryInput, AuditRecord } from '../../audit/entry.js';
import { auditEntryOf } from '../../audit/from-decision.js';
import { hookErrorEntry } from '../../audit/hook-error-entry.js';
import type { Decision, Outcome } from '../../core/decision.js';
import type { Event, EventContext } from '../../core/events.js';
import { failSafeDecision, hookAdapter, strictestDecision, type HookAgent, type HookInput, type HookPhase, type HookResponse } from '../../intercept/hooks/index.js';
import { loadLocalJudge, type JudgeLoader } from './local-judge.js';
import { errorText } from './policy-read.js';

/** The entries of this call that another process recorded first (the daemon answering late, or the hook's own fallback). */
export interface RecordedBefore {
  readonly already: readonly AuditRecord[];
}

/**
 * Makes entries durable; the answer waits for it. Given a request id, records them only if no
 * entries were recorded under that id before, and otherwise hands those back.
 */
export type AuditRecorder = (entries: readonly AuditEntryInput[], requestId?: string) => Promise<RecordedBefore | void>;

export interface HookRun {
  readonly agent: HookAgent;
  readonly input: HookInput;
  readonly policyPath: string;
  /** Milliseconds, for the detectors' clocks. */
  readonly now: number;
  /** Host and home as this machine knows them, merged into every event. */
  readonly context?: Omit<EventContext, 'agent' | 'session' | 'tool'>;
  readonly loadJudge?: JudgeLoader;
  /** Where every decision goes before the answer; without it nothing is recorded. */
  readonly record?: AuditRecorder;
  /** performance.now() when the call arrived, for the entries' latency. */
  readonly startedAt?: number;
  /** The hook client's id for this call: the daemon and the hook's fallback record it once between them. */
  readonly requestId?: string;
}

/** What the policy says about failing, as far as it is known. */
interface FailSafeKnown {
  readonly mode: Decision['mode'] | null;
  readonly role?: string;
  readonly onError?: 'block' | 'allow' | null;
}

/** A decision as a recorded entry states it, to answer by what another process recorded for the same call. */
const recordedDecision = (r: AuditRecord): Decision => ({
  verdict: r.verdict,
  outcome: r.outcome as Outcome,
  mode: r.mode ?? 'enforce',
  severity: r.severity,
  role: r.role ?? 'unknown',
  rule: r.rule,
  reason: r.reason,
  commands: [],
  findings: [],
});

export async function runHook(run: HookRun): Promise<HookResponse> {
  const adapter = hookAdapter(run.agent);
  if (!adapter) throw new Error(`no hook adapter for ${run.agent}`);
  const loadJudge = run.loadJudge ?? loadLocalJudge;
  let phase: HookPhase = 'pre';
  let hookEvent: string | undefined;

  /** The decision when the call cannot be judged, by what the policy says as far as it can be read. */
  const failSafe = async (problem: string, known?: FailSafeKnown): Promise<Decision> => {
    if (known) return failSafeDecision(problem, known.mode, known.role, known.onError);
    const loaded = await loadJudge(run.policyPath).catch(() => null);
    if (loaded?.kind === 'ready') return failSafeDecision(problem, loaded.judge.mode, loaded.judge.role, loaded.judge.onError);
    return failSafeDecision(problem, loaded?.kind === 'error' ? loaded.mode : null, undefined, loaded?.kind === 'error' ? loaded.onError : null);
  };

  /** Records one decision per event, then answers with the strictest; a failed write is answered as a call that cannot be judged. */
  const recordAndAnswer = async (events: readonly Event[], decisions: readonly Decision[], known: FailSafeKnown): Promise<HookResponse> => {
    let answer = strictestDecision(decisions);
    if (run.record) {
      const latencyMs = run.startedAt === undefined ? undefined : performance.now() - run.startedAt;
      try {
        const earlier = await run.record(events.map((event, i) => auditEntryOf(event, decisions[i]!, { latencyMs, host: run.context?.host })), run.requestId);
        // Recorded already by the other judge of this call: the answer is never laxer than what the log says.
        if (earlier) answer = strictestDecision([...(answer ? [answer] : []), ...earlier.already.map(recordedDecision)]);
      } catch (error) {
        const unrecorded = await failSafe(`cannot write the audit log: ${errorText(error)}`, known);
        return adapter.respond(strictestDecision([...(answer ? [answer] : []), unrecorded]), phase, hookEvent);
      }
    }
    return adapter.respond(answer, phase, hookEvent);
  };

  /** A payload that cannot be read: refused by the fail-safe, and recorded as a hook_error entry with what arrived. */
  const refuse = async (problem: string, payload: string | null): Promise<HookResponse> => {
    let decision = await failSafe(problem);
    if (run.record) {
      const latencyMs = run.startedAt === undefined ? undefined : performance.now() - run.startedAt;
      try {
        await run.record([hookErrorEntry({ agent: run.agent, host: run.context?.host, problem, payload, decision, latencyMs })], run.requestId);
      } catch (error) {
        decision = await failSafe(`${problem}; cannot write the audit log: ${errorText(error)}`);
      }
    }
    return adapter.respond(decision, phase, hookEvent);
  };

  try {
    if (run.input.kind === 'error') return await refuse(run.input.message, null);
    const parsed = adapter.parse(run.input.text, { context: run.context });
    if (parsed.kind === 'error') {
      phase = parsed.phase ?? 'pre';
      hookEvent = parsed.hookEvent;
      return await refuse(`unreadable ${run.agent} hook payload: ${parsed.message}`, run.input.text);
    }
    ({ phase, hookEvent } = parsed);
    const { events } = parsed;
    // Nothing to judge (a to-do list, a session start): answer without loading anything.
    if (events.length === 0) return adapter.respond(null, phase, hookEvent);
    const loaded = await loadJudge(run.policyPath);
    if (loaded.kind === 'error') {
      const decision = failSafeDecision(loaded.message, loaded.mode, undefined, loaded.onError);
      return await recordAndAnswer(events, events.map(() => decision), loaded);
    }
    const { judge } = loaded;
    let decisions: Decision[];
    try {
      decisions = events.map((event) => judge.evaluate(event, run.now));
    } catch (error) {
      const decision = await failSafe(`error while judging: ${errorText(error)}`, judge);
      return await recordAndAnswer(events, events.map(() => decision), judge);
    }
    return await recordAndAnswer(events, decisions, judge);
  } catch (error) {
    return adapter.respond(failSafeDecision(`internal error: ${errorText(error)}`, null), phase, hookEvent);
  }
}
