// policy.yaml as the daemon sees it: read on every change, applied when valid, checked against
// the hash Warden recorded when it wrote it, and written back when it is removed while a valid
// policy is in force. Returns the audit entries each change calls for.
import { readFileSync } from 'node:fs';
import type { AuditEntryInput } from '../../audit/entry.js';
import { readPolicyStamp, writePolicyStamp } from '../install/policy-stamp.js';
import { outsideEditEntry, policyChangeEntry } from './daemon-entries.js';
import type { Logger } from './logger.js';
import type { PolicyHolder } from './policy-holder.js';
import { replaceFile } from '../../audit/replace-file.js';

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export class PolicyGuard {
  /** Hashes already reported as edited outside Warden, so one edit raises one event. */
  private readonly reported = new Set<string>();
  /** The text of the policy in force, to put back if the file is removed. */
  private goodText: string | null = null;

  constructor(
    private readonly holder: PolicyHolder,
    private readonly wardenHome: string,
    private readonly host: string,
    private readonly log: Logger,
  ) {}

  async check(now = new Date()): Promise<AuditEntryInput[]> {
    const file = this.holder.file;
    let text: string | null;
    try {
      text = readText(file);
    } catch (error) {
      this.log.error({ err: error, file }, 'cannot read the policy');
      return [];
    }
    const change = await this.holder.update(text, now);
    const entries: AuditEntryInput[] = [];
    const entry = policyChangeEntry(change, file, this.host);
    if (entry) entries.push(entry);
    if (change.kind === 'applied') {
      this.goodText = text;
      this.log.info({ file, hash: change.hash, role: change.role, mode: change.mode }, change.first ? 'policy loaded' : 'policy reloaded');
    } else if (change.kind === 'invalid') this.log.warn({ file, hash: change.hash, problem: change.message, kept: change.kept }, 'policy edit not applied');
    if (change.kind === 'applied' || change.kind === 'invalid') {
      const stamped = readPolicyStamp(this.wardenHome);
      // A policy installed before Warden recorded hashes is adopted as it is.
      if (stamped === null && change.kind === 'applied') writePolicyStamp(this.wardenHome, text!);
      else if (stamped !== null && stamped !== change.hash && !this.reported.has(change.hash)) {
        this.reported.add(change.hash);
        entries.push(outsideEditEntry(file, change.hash, stamped, change.kind === 'applied', this.host));
        this.log.warn({ file, hash: change.hash, stamped }, 'policy changed outside Warden');
      }
    }
    if (change.kind === 'missing') {
      this.log.error({ file }, 'policy removed');
      if (this.goodText !== null) this.restore(file, this.goodText);
    }
    return entries;
  }

  private restore(file: string, text: string): void {
    try {
      replaceFile(file, text);
      this.log.warn({ file }, 'policy restored from the one in force');
    } catch (error) {
      this.log.error({ err: error, file }, 'cannot restore the policy');
    }
  }
}
