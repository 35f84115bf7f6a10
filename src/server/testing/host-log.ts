// A host's audit log for upload tests: entries chained and signed with the host's key, written as
// `warden audit export --format json` writes them.
import { chainBatch, type ChainState } from '../../audit/chain-batch.js';
import { signCheckpoint, type SignedCheckpoint } from '../../audit/checkpoint.js';
import type { AuditEntryInput, AuditRecord } from '../../audit/entry.js';
import { recordJson } from '../../audit/export/record-json.js';
import type { HostKey } from '../../audit/host-key.js';
import { normaliseEntry } from '../../audit/normalise.js';

export interface HostLog {
  readonly records: AuditRecord[];
  readonly checkpoints: SignedCheckpoint[];
  state: ChainState;
  /** Chains more entries at `atMs` (one batch); returns them. */
  add(inputs: readonly AuditEntryInput[], atMs: number): { records: AuditRecord[]; checkpoints: SignedCheckpoint[] };
}

export function hostLog(key: HostKey, startMs: number): HostLog {
  const log: HostLog = {
    records: [],
    checkpoints: [],
    state: { tail: null, lastTimeMs: 0, unsigned: 0, lastCheckpointMs: startMs },
    add(inputs, atMs) {
      const b = chainBatch(log.state, inputs.map(normaliseEntry), atMs, { every: 5, intervalMs: 3_600_000 }, (at, time) => signCheckpoint(key, 'checkpoint', at, time));
      log.state = b.state;
      log.records.push(...b.records);
      log.checkpoints.push(...b.checkpoints);
      return { records: b.records, checkpoints: b.checkpoints };
    },
  };
  return log;
}

export const uploadOf = (records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[] = []) => ({ entries: records.map(recordJson), checkpoints });

export function command(subject: string, over: Partial<AuditEntryInput> = {}): AuditEntryInput {
  const blocked = over.outcome === 'blocked';
  return {
    type: 'command', host: 'dev-laptop-1', agent: 'claude-code', session: 'sess-1', tool: 'Bash', cwd: '/work', binary: subject.split(' ')[0] ?? null,
    subject, verdict: blocked ? 'block' : 'allow', outcome: 'allowed', severity: blocked ? 'high' : 'info', role: 'default', mode: 'enforce',
    rule: blocked ? 'no-force-push' : null, reason: blocked ? 'force pushes rewrite history' : 'no rule matched', latencyMs: 0.4, ...over,
  };
}
