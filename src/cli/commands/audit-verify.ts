// `warden audit verify`: proves the audit log intact, or names the first entry that is not.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { SignedCheckpoint } from '../../audit/checkpoint.js';
import { checkpointCopyFile } from '../../audit/checkpoint-copy.js';
import { AuditError } from '../../audit/errors.js';
import { loadPublicKey } from '../../audit/host-key.js';
import { verifyAuditLog, type VerifyResult } from '../../audit/verify.js';
import { UsageError } from '../../core/errors.js';
import { ExitError } from '../exit.js';
import { auditHomePaths, openExistingStore, withStore } from './audit-open.js';

/** Exit status when verification fails: the log was tampered with. */
const TAMPERED = 2;

interface VerifyOptions {
  publicKey?: string;
  json?: boolean;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;

function summary(r: VerifyResult, file: string): string {
  if (r.firstBad) return `${file}: TAMPERED at entry ${r.firstBad.seq} (${r.firstBad.problem}): ${r.firstBad.detail}\n${plural(r.checked, 'entry')} verified before it.`;
  if (r.lastSeq === null) return `${file}: ok, no entries${r.anchorSeq !== null ? ` (all pruned up to entry ${r.anchorSeq})` : ''}`;
  const lines = [`${file}: ok, ${plural(r.checked, 'entry')} (${r.firstSeq}..${r.lastSeq}) verified`];
  lines.push(r.checkpoints ? `${plural(r.checkpoints, 'signed checkpoint')}, the last at entry ${r.lastCheckpointSeq ?? '-'}` : 'no signed checkpoints');
  if (r.anchorSeq !== null) lines.push(`entries up to ${r.anchorSeq} were pruned; the rest chains from their signed anchor`);
  if (r.unsignedTail > 0) lines.push(`${plural(r.unsignedTail, 'entry')} after the last checkpoint ${r.unsignedTail === 1 ? 'is' : 'are'} not signed yet: ${r.unsignedTail === 1 ? 'its' : 'their'} removal from the end could not be proved`);
  return lines.join('\n');
}

function readCopy(file: string): SignedCheckpoint | null {
  try {
    return checkpointCopyFile(file).read();
  } catch (error) {
    if (error instanceof AuditError) throw new ExitError(TAMPERED, `${error.message}: the copy of the latest checkpoint was damaged`);
    throw error;
  }
}

export function registerAuditVerify(audit: Command): void {
  audit
    .command('verify')
    .description('Check the hash chain and signed checkpoints of the audit log')
    .option('--public-key <file>', 'the public key to verify with (default: $WARDEN_HOME/keys/audit-ed25519.pub.pem); use a copy you trust')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
Exit status: 0 the log is intact, 2 it was tampered with (the first bad entry is named), 1 usage error.

Proves any change to an entry, any insertion, deletion or reordering, and truncation back past a
signed checkpoint. Entries after the last checkpoint are vouched for by the chain alone: the log
signs one at least every 1,000 entries or 60 seconds and on clean shutdown.`)
    .action(async (o: VerifyOptions) => {
      const paths = auditHomePaths();
      const keyFile = o.publicKey ?? paths.publicKey;
      const copy = readCopy(paths.checkpointCopy);
      const store = await openExistingStore(paths);
      if (!store) {
        if (copy) throw new ExitError(TAMPERED, `${paths.db}: TAMPERED: the audit log is gone, but a checkpoint signed entry ${copy.seq} on ${copy.time}`);
        console.log(`no audit log at ${paths.db} yet: nothing to verify`);
        return;
      }
      if (!existsSync(keyFile)) throw new UsageError(`no public key at ${keyFile} to verify with (pass --public-key FILE)`);
      const key = loadPublicKey(keyFile);
      const result = await withStore(store, (s) => verifyAuditLog(s, key, { witness: copy }));
      console.log(o.json ? JSON.stringify(result, null, 2) : summary(result, paths.db));
      if (!result.ok) throw new ExitError(TAMPERED);
    });
}
