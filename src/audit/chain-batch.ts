// Chaining a batch of entries onto the log's tail: sequence numbers, times, hashes, and the
// checkpoints due within the batch. Pure: the log commits the new state only once stored.
import type { ChainPosition, SignedCheckpoint } from './checkpoint.js';
import type { AuditFields, AuditRecord } from './entry.js';
import { chainHash, entryEncoding, GENESIS_HASH } from './hash-chain.js';

export interface ChainState {
  /** The last stored entry (or anchor); null for an empty log. */
  readonly tail: ChainPosition | null;
  /** Entry times never go backwards, whatever the clock does. */
  readonly lastTimeMs: number;
  /** Entries since the last checkpoint. */
  readonly unsigned: number;
  readonly lastCheckpointMs: number;
}

export interface CheckpointPolicy {
  /** Sign at least every this many entries. */
  readonly every: number;
  /** Sign when entries are unsigned and this long passed since the last checkpoint. */
  readonly intervalMs: number;
}

export type Signer = (at: ChainPosition, time: string) => SignedCheckpoint;

export interface ChainedBatch {
  readonly records: AuditRecord[];
  readonly checkpoints: SignedCheckpoint[];
  readonly state: ChainState;
}

/** Built member by member: one object shape for every record, cheaper than a spread. */
const recordOf = (f: AuditFields, seq: number, time: string, hash: string): AuditRecord => ({
  seq, time, hash,
  type: f.type, host: f.host, agent: f.agent, session: f.session, tool: f.tool, cwd: f.cwd, binary: f.binary,
  subject: f.subject, arguments: f.arguments, verdict: f.verdict, outcome: f.outcome, severity: f.severity,
  role: f.role, mode: f.mode, rule: f.rule, reason: f.reason, latencyMs: f.latencyMs, findings: f.findings,
});

export function chainBatch(state: ChainState, batch: readonly AuditFields[], nowMs: number, policy: CheckpointPolicy, sign: Signer): ChainedBatch {
  const records: AuditRecord[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  let seq = state.tail?.seq ?? 0;
  let prev = state.tail?.hash ?? GENESIS_HASH;
  const timeMs = Math.max(nowMs, state.lastTimeMs);
  const time = new Date(timeMs).toISOString();
  let { unsigned, lastCheckpointMs } = state;
  for (const fields of batch) {
    seq += 1;
    const hash = chainHash(prev, entryEncoding(seq, time, fields));
    records.push(recordOf(fields, seq, time, hash));
    prev = hash;
    unsigned += 1;
    if (unsigned >= policy.every) {
      checkpoints.push(sign({ seq, hash }, time));
      unsigned = 0;
      lastCheckpointMs = nowMs;
    }
  }
  if (unsigned > 0 && records.length > 0 && nowMs - lastCheckpointMs >= policy.intervalMs) {
    checkpoints.push(sign({ seq, hash: prev }, time));
    unsigned = 0;
    lastCheckpointMs = nowMs;
  }
  const tail = records.length > 0 ? { seq, hash: prev } : state.tail;
  return { records, checkpoints, state: { tail, lastTimeMs: timeMs, unsigned, lastCheckpointMs } };
}
