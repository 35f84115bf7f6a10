// A copy of the latest signed checkpoint kept outside the database. Deleting entries together with
// the checkpoints that signed them leaves a shorter log that is valid on its own; the copy still
// names the signed end, so `verify` proves the truncation unless the copy is rolled back too. A
// copy held elsewhere (the control plane) is the stronger witness of the same kind.
import { existsSync, readFileSync } from 'node:fs';
import type { SignedCheckpoint } from './checkpoint.js';
import { AuditError } from './errors.js';
import { replaceFile } from './replace-file.js';

export interface CheckpointCopy {
  read(): SignedCheckpoint | null;
  /** Keeps `c` unless the copy already holds a later position. */
  write(c: SignedCheckpoint): void;
}

function parse(text: string, file: string): SignedCheckpoint {
  const v = JSON.parse(text) as Partial<SignedCheckpoint>;
  const ok =
    v !== null && typeof v === 'object' && (v.kind === 'checkpoint' || v.kind === 'anchor') && Number.isSafeInteger(v.seq) &&
    typeof v.hash === 'string' && typeof v.time === 'string' && typeof v.keyId === 'string' && typeof v.signature === 'string';
  if (!ok) throw new AuditError('WITNESS', `${file} is not a signed checkpoint`);
  return v as SignedCheckpoint;
}

export function checkpointCopyFile(file: string): CheckpointCopy {
  const read = (): SignedCheckpoint | null => {
    if (!existsSync(file)) return null;
    try {
      return parse(readFileSync(file, 'utf8'), file);
    } catch (error) {
      if (error instanceof AuditError) throw error;
      throw new AuditError('WITNESS', `cannot read the checkpoint copy ${file}: ${(error as Error).message}`, { cause: error });
    }
  };
  return {
    read,
    write(c) {
      let current: SignedCheckpoint | null = null;
      try {
        current = read();
      } catch {
        // An unreadable copy is replaced by a good one.
      }
      if (current && current.seq >= c.seq) return;
      replaceFile(file, `${JSON.stringify(c)}\n`);
    },
  };
}
