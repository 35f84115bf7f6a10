// Judging hook events in this process: the installed policy, the rule pack and the detectors,
// loaded on demand (the heavy modules are imported only when there is something to judge).
// The daemon will hold all of this loaded; until then every hook call pays for it.
import { readFile } from 'node:fs/promises';
import type { Decision } from '../../core/decision.js';
import type { Event } from '../../core/events.js';
import type { Mode } from '../../core/vocabulary.js';

export interface Judge {
  readonly mode: Mode;
  readonly role: string;
  evaluate(event: Event, now: number): Decision;
}

export type JudgeLoad =
  | { readonly kind: 'ready'; readonly judge: Judge }
  /** `mode`: what the policy says as far as it can be read, null when it cannot be known. */
  | { readonly kind: 'error'; readonly message: string; readonly mode: Mode | null };

export type JudgeLoader = (policyPath: string) => Promise<JudgeLoad>;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const loadLocalJudge: JudgeLoader = async (policyPath) => {
  let text: string;
  try {
    text = await readFile(policyPath, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { kind: 'error', message: missing ? `no policy at ${policyPath}: run \`warden install\`` : `cannot read the policy ${policyPath}: ${errorText(error)}`, mode: null };
  }
  const [{ loadPolicyText }, { formatProblem }] = await Promise.all([import('../../core/policy/load-policy.js'), import('../../core/policy/problems.js')]);
  const loaded = loadPolicyText(text, policyPath);
  if (!loaded.value) {
    const first = loaded.errors[0];
    const more = loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more)` : '';
    const { modeOfPolicyText } = await import('./policy-mode.js');
    return { kind: 'error', message: `invalid policy ${first ? formatProblem(first) : policyPath}${more}`, mode: modeOfPolicyText(text) };
  }
  const policy = loaded.value;
  const role = policy.roles.get(policy.defaultRole);
  if (!role) return { kind: 'error', message: `the policy has no role "${policy.defaultRole}"`, mode: null };
  try {
    const [{ Engine }, { loadBashParser }, { loadRuleFiles, loadSequenceFiles }, { RulePack }, { RuntimeDetectors }] = await Promise.all([
      import('../../core/engine/engine.js'),
      import('../../core/shell/load-grammar.js'),
      import('../../core/rules/load-rule-files.js'),
      import('../../core/rules/rule-pack.js'),
      import('../../core/detect/runtime-detectors.js'),
    ]);
    const rules = loadRuleFiles();
    const sequences = loadSequenceFiles();
    if (!rules.value || !sequences.value) {
      const problem = [...rules.errors, ...sequences.errors][0];
      return { kind: 'error', message: `the rule pack has errors${problem ? `: ${formatProblem(problem)}` : ''}`, mode: role.mode };
    }
    // One process per call: sequences, rate limits and risk see only this call's events until the daemon holds them.
    const engine = new Engine(policy, await loadBashParser(), new RulePack(rules.value), new RuntimeDetectors(policy.detectors, sequences.value));
    return { kind: 'ready', judge: { mode: role.mode, role: role.name, evaluate: (event, now) => engine.evaluate(event, now) } };
  } catch (error) {
    return { kind: 'error', message: `cannot load the rule pack: ${errorText(error)}`, mode: role.mode };
  }
};
