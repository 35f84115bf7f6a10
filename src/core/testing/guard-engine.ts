// The engine shell-analysis tests judge lines with: force pushes and deletes under / denied, the
// rest of git allowed, anything else allowed by default, on_unresolved ask. Used by tests only.
import { Engine } from '../engine/engine.js';
import { loadPolicyText } from '../policy/load-policy.js';
import { loadBashParser } from '../shell/load-grammar.js';

const GUARD_POLICY = `
version: 1
roles:
  - name: enforce
    mode: enforce
    on_unresolved: ask
    commands:
      - { pattern: "git push --force*", action: deny }
      - { pattern: "rm -rf /*", action: deny }
      - { pattern: "git *", action: allow }
    defaults: { command: allow }
`;

/** An engine over GUARD_POLICY, without the rule pack: only the role's rules judge. */
export async function guardEngine(): Promise<Engine> {
  const loaded = loadPolicyText(GUARD_POLICY, 'guard.yaml');
  if (!loaded.value) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return new Engine(loaded.value, await loadBashParser());
}
