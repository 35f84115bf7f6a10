// `warden audit …`: reading, exporting, verifying and pruning the tamper-evident audit log.
import type { Command } from 'commander';
import { registerAuditExport } from './audit-export.js';
import { registerAuditList } from './audit-list.js';
import { registerAuditPrune } from './audit-prune.js';
import { registerAuditVerify } from './audit-verify.js';

export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('Read, export, verify and prune the audit log of everything agents attempted')
    .addHelpText('after', `
Examples:
  warden audit list --decision blocked --since 24h
  warden audit export --format sarif --output warden.sarif
  warden audit verify
  warden audit prune --older-than 90d`);
  registerAuditList(audit);
  registerAuditExport(audit);
  registerAuditVerify(audit);
  registerAuditPrune(audit);
}
