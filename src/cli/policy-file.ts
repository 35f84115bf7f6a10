// Finding and loading the policy file for CLI commands; problems end the command with status 1.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { loadPolicyText } from '../core/policy/load-policy.js';
import type { Policy } from '../core/policy/policy.js';
import { formatProblem, type LoadResult } from '../core/policy/problems.js';
import { wardenHome } from './warden-home.js';

export const DEFAULT_POLICY_FILE = 'warden.yaml';

/** `--policy`, else `$WARDEN_HOME/policy.yaml`, else `./warden.yaml`. */
export function resolvePolicyPath(explicit: string | undefined): string {
  if (explicit) return explicit;
  const installed = join(wardenHome(), 'policy.yaml');
  if (existsSync(installed)) return installed;
  if (existsSync(DEFAULT_POLICY_FILE)) return DEFAULT_POLICY_FILE;
  throw new UsageError(`no policy file: pass --policy FILE, run \`warden init\` to write ${DEFAULT_POLICY_FILE}, or install one as ${installed}`);
}

/** The text of a policy file; a missing or unreadable file is a UsageError. */
export function readPolicyText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `policy file not found: ${path}` : `cannot read policy file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

export function readPolicyFile(path: string): LoadResult<Policy> {
  return loadPolicyText(readPolicyText(path), path);
}

/** Loads a policy or throws a UsageError listing every problem (never half a policy). */
export function loadPolicyOrFail(path: string): { policy: Policy; warnings: string[] } {
  return requirePolicy(readPolicyFile(path), path);
}

/** The loaded policy, or a UsageError listing every error. */
export function requirePolicy(result: LoadResult<Policy>, path: string): { policy: Policy; warnings: string[] } {
  if (!result.value) throw new UsageError(`invalid policy ${path}:\n${result.errors.map(formatProblem).join('\n')}`);
  return { policy: result.value, warnings: result.warnings.map(formatProblem) };
}
