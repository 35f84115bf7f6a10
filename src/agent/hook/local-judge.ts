// Judging hook events: the policy's default role with the rule pack and the detectors. A hook
// process loads all of it per call (the heavy modules only when there is something to judge);
// the daemon loads the parts once and builds a judge again only when the policy changes.
import type { Parser } from 'web-tree-sitter';
import type { Decision } from '../../core/decision.js';
import type { RuntimeDetectors } from '../../core/detect/runtime-detectors.js';
import type { Sequence } from '../../core/detect/sequence.js';
import type { Event } from '../../core/events.js';
import type { Policy } from '../../core/policy/policy.js';
import type { RulePack } from '../../core/rules/rule-pack.js';
import type { Mode } from '../../core/vocabulary.js';
import type { OnError } from '../../intercept/hooks/index.js';
import { errorText, readPolicy } from './policy-read.js';

export interface Judge {
  readonly mode: Mode;
  readonly role: string;
  /** The role's on_error, when it states one. */
  readonly onError?: OnError | null;
  evaluate(event: Event, now: number): Decision;
}

export type JudgeLoad =
  | { readonly kind: 'ready'; readonly judge: Judge }
  /** `mode`, `onError`: what the policy says as far as it can be read, null when it cannot be known. */
  | { readonly kind: 'error'; readonly message: string; readonly mode: Mode | null; readonly onError?: OnError | null };

export type JudgeLoader = (policyPath: string) => Promise<JudgeLoad>;

/** What judging needs besides the policy: the bash parser, the rule pack, the detectors' sequences. */
export interface JudgeParts {
  readonly parser: Parser;
  readonly rules: RulePack;
  readonly sequences: readonly Sequence[];
}

/** Loads the parts, or says why they cannot be. */
export async function loadJudgeParts(): Promise<{ kind: 'ok'; parts: JudgeParts } | { kind: 'error'; message: string }> {
  try {
    const [{ loadBashParser }, { loadRuleFiles, loadSequenceFiles }, { RulePack }, { formatProblem }] = await Promise.all([
      import('../../core/shell/load-grammar.js'),
      import('../../core/rules/load-rule-files.js'),
      import('../../core/rules/rule-pack.js'),
      import('../../core/policy/problems.js'),
    ]);
    const rules = loadRuleFiles();
    const sequences = loadSequenceFiles();
    if (!rules.value || !sequences.value) {
      const problem = [...rules.errors, ...sequences.errors][0];
      return { kind: 'error', message: `the rule pack has errors${problem ? `: ${formatProblem(problem)}` : ''}` };
    }
    return { kind: 'ok', parts: { parser: await loadBashParser(), rules: new RulePack(rules.value), sequences: sequences.value } };
  } catch (error) {
    return { kind: 'error', message: `cannot load the rule pack: ${errorText(error)}` };
  }
}

/** New detectors for the policy's settings. */
export async function detectorsFor(policy: Policy, parts: JudgeParts): Promise<RuntimeDetectors> {
  const { RuntimeDetectors } = await import('../../core/detect/runtime-detectors.js');
  return new RuntimeDetectors(policy.detectors, parts.sequences);
}

/** A judge for the policy's default role (the policy is loaded, so the role is there). */
export async function judgeOf(policy: Policy, parts: JudgeParts, detectors: RuntimeDetectors): Promise<Judge> {
  const { Engine } = await import('../../core/engine/engine.js');
  const role = policy.roles.get(policy.defaultRole);
  if (!role) throw new Error(`the policy has no role "${policy.defaultRole}"`);
  const engine = new Engine(policy, parts.parser, parts.rules, detectors);
  return { mode: role.mode, role: role.name, onError: role.onError ?? null, evaluate: (event, now) => engine.evaluate(event, now) };
}

/** Everything from the policy file, in this process: what `warden hook --in-process` uses. */
export const loadLocalJudge: JudgeLoader = async (policyPath) => {
  const read = await readPolicy(policyPath);
  if (read.kind === 'error') return read;
  const { policy } = read;
  const role = policy.roles.get(policy.defaultRole)!;
  const parts = await loadJudgeParts();
  if (parts.kind === 'error') return { kind: 'error', message: parts.message, mode: role.mode, onError: role.onError ?? null };
  try {
    // One process per call: sequences, rate limits and risk see only this call's events.
    return { kind: 'ready', judge: await judgeOf(policy, parts.parts, await detectorsFor(policy, parts.parts)) };
  } catch (error) {
    return { kind: 'error', message: `cannot load the rule pack: ${errorText(error)}`, mode: role.mode, onError: role.onError ?? null };
  }
};
