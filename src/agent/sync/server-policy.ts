// The policy the control plane assigns this host: fetched, checked like any policy file, and
// written as $WARDEN_HOME/policy.yaml with Warden's stamp, so the daemon applies it as its own
// change and not as an edit made outside Warden. A policy that does not load is never installed:
// the host keeps enforcing the one it has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyText } from '../../core/policy/load-policy.js';
import { formatProblem } from '../../core/policy/problems.js';
import { writePolicyStamp } from '../install/policy-stamp.js';
import { failure, HostApiError, type HostApi } from './host-api.js';
import { replaceFile } from '../../audit/replace-file.js';

export interface ServerPolicy {
  readonly etag: string;
  readonly role: { readonly id: string; readonly name: string; readonly mode: string; readonly version: number };
  readonly yaml: string;
}

export const POLICY_FILE = 'policy.yaml';

export async function fetchPolicy(api: HostApi): Promise<ServerPolicy> {
  const res = await api.request('GET', '/host/policy?format=json');
  if (res.status !== 200) throw await failure(res, 'cannot fetch the policy');
  const body = (await res.json()) as { etag?: unknown; role?: ServerPolicy['role']; policy?: unknown };
  if (typeof body.etag !== 'string' || typeof body.policy !== 'string' || typeof body.role?.name !== 'string') throw new HostApiError('the control plane sent a policy answer of the wrong shape', 502);
  const loaded = loadPolicyText(body.policy, `${api.url} policy`);
  if (!loaded.value) {
    const first = loaded.errors[0];
    throw new HostApiError(`the control plane sent a policy that does not load${first ? `: ${formatProblem(first)}` : ''}`, 502);
  }
  return { etag: body.etag, role: body.role, yaml: body.policy };
}

/** Writes policy.yaml when it differs from what is there; true when it changed. */
export function installServerPolicy(wardenHome: string, policy: ServerPolicy): boolean {
  const file = join(wardenHome, POLICY_FILE);
  let current: string | null = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // None yet.
  }
  if (current === policy.yaml) return false;
  // Stamp first: the daemon may read the new file the moment it is renamed into place.
  writePolicyStamp(wardenHome, policy.yaml);
  replaceFile(file, policy.yaml);
  return true;
}
