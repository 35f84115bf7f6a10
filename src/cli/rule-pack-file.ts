// Loading the built-in rule pack for CLI commands; a broken pack stops the command (status 1).
import { UsageError } from '../core/errors.js';
import { formatProblem } from '../core/policy/problems.js';
import type { DetectorSettings } from '../core/detect/detectors-config.js';
import { RuntimeDetectors } from '../core/detect/runtime-detectors.js';
import { loadRuleFiles, loadSequenceFiles } from '../core/rules/load-rule-files.js';
import { RulePack } from '../core/rules/rule-pack.js';

export function loadRulePackOrFail(dir?: string): RulePack {
  const result = loadRuleFiles(dir);
  if (!result.value) throw new UsageError(`the rule pack has errors:\n${result.errors.map(formatProblem).join('\n')}`);
  return new RulePack(result.value);
}

/** Stateful detectors configured by the policy, with the built-in sequences. */
export function loadDetectorsOrFail(settings: DetectorSettings): RuntimeDetectors {
  const sequences = loadSequenceFiles();
  if (!sequences.value) throw new UsageError(`the sequence pack has errors:\n${sequences.errors.map(formatProblem).join('\n')}`);
  return new RuntimeDetectors(settings, sequences.value);
}
