// One hook call, start to answer: payload → events → judged by the installed policy → the
// agent's own answer. Never throws: whatever goes wrong is answered by failSafeDecision.
import type { Decision } from '../../core/decision.js';
import type { EventContext } from '../../core/events.js';
import { failSafeDecision, hookAdapter, strictestDecision, type HookAgent, type HookInput, type HookPhase, type HookResponse } from '../../intercept/hooks/index.js';
import { loadLocalJudge, type JudgeLoader } from './local-judge.js';

export interface HookRun {
  readonly agent: HookAgent;
  readonly input: HookInput;
  readonly policyPath: string;
  /** Milliseconds, for the detectors' clocks. */
  readonly now: number;
  /** Host and home as this machine knows them, merged into every event. */
  readonly context?: Omit<EventContext, 'agent' | 'session' | 'tool'>;
  readonly loadJudge?: JudgeLoader;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function runHook(run: HookRun): Promise<HookResponse> {
  const adapter = hookAdapter(run.agent);
  if (!adapter) throw new Error(`no hook adapter for ${run.agent}`);
  const loadJudge = run.loadJudge ?? loadLocalJudge;
  let phase: HookPhase = 'pre';
  let hookEvent: string | undefined;

  /** The answer when the call cannot be judged, by the mode the policy has as far as it can be read. */
  const failSafe = async (problem: string, known?: { mode: Decision['mode']; role: string }): Promise<HookResponse> => {
    let mode = known?.mode ?? null;
    let role = known?.role;
    if (!known) {
      const loaded = await loadJudge(run.policyPath).catch(() => null);
      if (loaded?.kind === 'ready') ({ mode, role } = loaded.judge);
      else if (loaded?.kind === 'error') mode = loaded.mode;
    }
    return adapter.respond(failSafeDecision(problem, mode, role), phase, hookEvent);
  };

  try {
    if (run.input.kind === 'error') return await failSafe(run.input.message);
    const parsed = adapter.parse(run.input.text, { context: run.context });
    if (parsed.kind === 'error') {
      phase = parsed.phase ?? 'pre';
      hookEvent = parsed.hookEvent;
      return await failSafe(`unreadable ${run.agent} hook payload: ${parsed.message}`);
    }
    ({ phase, hookEvent } = parsed);
    // Nothing to judge (a to-do list, a session start): answer without loading anything.
    if (parsed.events.length === 0) return adapter.respond(null, phase, hookEvent);
    const loaded = await loadJudge(run.policyPath);
    if (loaded.kind === 'error') return adapter.respond(failSafeDecision(loaded.message, loaded.mode), phase, hookEvent);
    const { judge } = loaded;
    let decisions: Decision[];
    try {
      decisions = parsed.events.map((event) => judge.evaluate(event, run.now));
    } catch (error) {
      return await failSafe(`error while judging: ${errorText(error)}`, judge);
    }
    return adapter.respond(strictestDecision(decisions), phase, hookEvent);
  } catch (error) {
    return adapter.respond(failSafeDecision(`internal error: ${errorText(error)}`, null), phase, hookEvent);
  }
}
