// Reading the installed policy for judging: the loaded policy, or why not together with the mode
// and on_error its text states (for the fail-safe answer). The policy modules load on demand.
import { readFile } from 'node:fs/promises';
import type { Policy } from '../../core/policy/policy.js';
import type { Mode } from '../../core/vocabulary.js';
import type { OnError } from '../../intercept/hooks/index.js';

export type PolicyRead =
  | { readonly kind: 'ok'; readonly policy: Policy; readonly text: string }
  /** `mode`, `onError`: what the policy says as far as it can be read, null when it cannot be known. */
  | { readonly kind: 'error'; readonly message: string; readonly mode: Mode | null; readonly onError: OnError | null; readonly text: string | null };

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The policy in `text` (from `file`), loaded and checked. */
export async function policyFromText(text: string, file: string): Promise<PolicyRead> {
  const [{ loadPolicyText }, { formatProblem }] = await Promise.all([import('../../core/policy/load-policy.js'), import('../../core/policy/problems.js')]);
  const loaded = loadPolicyText(text, file);
  if (loaded.value) {
    if (!loaded.value.roles.has(loaded.value.defaultRole)) return { kind: 'error', message: `the policy has no role "${loaded.value.defaultRole}"`, mode: null, onError: null, text };
    return { kind: 'ok', policy: loaded.value, text };
  }
  const first = loaded.errors[0];
  const more = loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more)` : '';
  const { failSafeOfPolicyText } = await import('./policy-mode.js');
  return { kind: 'error', message: `invalid policy ${first ? formatProblem(first) : file}${more}`, ...failSafeOfPolicyText(text), text };
}

export async function readPolicy(file: string): Promise<PolicyRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { kind: 'error', message: missing ? `no policy at ${file}: run \`warden install\`` : `cannot read the policy ${file}: ${errorText(error)}`, mode: null, onError: null, text: null };
  }
  return policyFromText(text, file);
}
