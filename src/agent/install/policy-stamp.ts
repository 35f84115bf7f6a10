// $WARDEN_HOME/policy.sha256: the hash of the policy text Warden itself wrote (install, or the
// daemon restoring it). A policy.yaml that hashes otherwise was edited outside Warden: the daemon
// still applies it when it is valid, and records an integrity event. A tell, not a seal: whoever
// can write policy.yaml can write this file too, so the audit log is what keeps the record.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './config-files.js';
import { replaceFile } from '../../audit/replace-file.js';

export const STAMP_FILE = 'policy.sha256';

/** The hash Warden recorded, or null when there is none (a policy installed before stamps). */
export function readPolicyStamp(wardenHome: string): string | null {
  try {
    const text = readFileSync(join(wardenHome, STAMP_FILE), 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(text) ? text : null;
  } catch {
    return null;
  }
}

export function writePolicyStamp(wardenHome: string, policyText: string): void {
  const file = join(wardenHome, STAMP_FILE);
  replaceFile(file, `${sha256(policyText)}\n`);
}
