// The audit entries the daemon writes about itself and Warden's own files: policy reloads,
// invalid policy edits, edits made outside Warden, hooks removed from agent configs.
import type { AuditEntryInput } from '../../audit/entry.js';
import type { HookCheck } from './hook-guard.js';
import type { PolicyChange } from './policy-holder.js';

const base = (host: string, subject: string) => ({ host, agent: 'warden', subject, role: null, mode: null }) as const;

export function policyChangeEntry(change: PolicyChange, file: string, host: string): AuditEntryInput | null {
  switch (change.kind) {
    case 'unchanged':
      return null;
    case 'applied':
      return { ...base(host, file), type: 'config_change', verdict: 'allow', outcome: 'allowed', severity: 'info', rule: 'policy-loaded', role: change.role, mode: change.mode,
        reason: `policy ${change.first ? 'loaded' : 'reloaded'} (sha256 ${change.hash.slice(0, 12)}): role ${change.role}, ${change.mode} mode` };
    case 'invalid':
      return { ...base(host, file), type: 'config_change', verdict: 'block', outcome: 'blocked', severity: 'high', rule: 'policy-invalid',
        reason: `policy edit not applied (sha256 ${change.hash.slice(0, 12)}): ${change.message}; ${change.kept ? 'the last valid policy stays in force' : 'no valid policy yet, calls are answered by the fail-safe'}` };
    case 'missing':
      return { ...base(host, file), type: 'integrity', verdict: 'block', outcome: 'blocked', severity: 'critical', rule: 'policy-removed',
        reason: `${file} was removed; ${change.kept ? 'the policy in force stays and is written back' : 'there is no policy to judge by'}` };
  }
}

/** policy.yaml holds text Warden did not write. */
export function outsideEditEntry(file: string, hash: string, stamped: string, applied: boolean, host: string): AuditEntryInput {
  return { ...base(host, file), type: 'integrity', verdict: 'flag', outcome: applied ? 'allowed' : 'blocked', severity: 'critical', rule: 'policy-edited-outside-warden',
    reason: `${file} was changed outside Warden (sha256 ${hash.slice(0, 12)}, Warden wrote ${stamped.slice(0, 12)}); ${applied ? 'it is valid and now in force' : 'it is not valid and was not applied'}` };
}

export function hookCheckEntry(check: HookCheck, host: string): AuditEntryInput {
  const common = { ...base(host, check.file), type: 'integrity' as const, agent: check.agent, severity: 'critical' as const };
  switch (check.status) {
    case 'restored':
      return { ...common, verdict: 'block', outcome: 'blocked', rule: 'hook-removed',
        reason: `Warden's ${check.agent} hook${check.events.length > 1 ? 's' : ''} for ${check.events.join(', ')} in ${check.file} ${check.events.length > 1 ? 'were' : 'was'} removed or changed; restored` };
    case 'conflict':
      return { ...common, verdict: 'flag', outcome: 'allowed', rule: 'hook-changed', reason: `${check.file}: ${check.message ?? 'a different Warden hook is configured'}; left as it is` };
    default:
      return { ...common, verdict: 'flag', outcome: 'allowed', rule: 'hook-unreadable', reason: check.message ?? `${check.file} cannot be checked` };
  }
}

/** A hook found no daemon and started this one (autostart.ts): calls in between were judged without it. */
export function restartedByHookEntry(host: string, socket: string): AuditEntryInput {
  return { ...base(host, socket), type: 'integrity', verdict: 'flag', outcome: 'allowed', severity: 'high', rule: 'daemon-was-down',
    reason: 'the daemon was not running and a hook call started it again; calls in between were judged each in its own process, without the session\'s sequence, rate and risk history' };
}
