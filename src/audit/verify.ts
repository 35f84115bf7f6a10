// Verification: walks the whole chain and checks every entry's hash, every checkpoint's
// signature, and that every signed position is still there with the hash that was signed.
//
// What it proves, given the right public key:
// - a changed entry (any field, its seq or time): its hash no longer matches;
// - an inserted, deleted, swapped or moved entry: a gap in the sequence or a hash that no longer
//   chains from its predecessor;
// - a changed entry whose hash and every later hash were recomputed: the next signed checkpoint
//   no longer matches (the entry is somewhere between the previous checkpoint and that one);
// - truncation back past a signed checkpoint: the checkpoint, or the copy of the latest one kept
//   outside the database, names an entry the log no longer has.
// What it cannot prove: entries after the latest checkpoint are vouched for by nothing but the
// chain, so removing some of them from the end (with their hashes) or appending forged ones there
// leaves a log that verifies. The result reports how many entries are unsigned this way; the log
// signs at least every N entries or T seconds and on clean shutdown to keep that window small.
import type { AuditStore } from './audit-store.js';
import { checkpointSignatureValid, type SignedCheckpoint } from './checkpoint.js';
import { CorruptEntryError } from './errors.js';
import { expectedHash, GENESIS_HASH } from './hash-chain.js';
import type { PublicKeyInfo } from './host-key.js';

export type VerifyProblem =
  /** The entry does not match its hash: changed, inserted or moved. */
  | 'hash_mismatch'
  /** A sequence number is missing: the entry was deleted. */
  | 'missing_entry'
  /** The entry's hash differs from the one a checkpoint signed: the chain before it was rewritten. */
  | 'checkpoint_mismatch'
  /** A checkpoint or anchor whose signature does not verify with the public key. */
  | 'bad_signature'
  /** A signed position past the end of the log: entries were cut off. */
  | 'truncated'
  /** A stored entry that cannot be read as one. */
  | 'unreadable';

export interface VerifyFailure {
  readonly seq: number;
  readonly problem: VerifyProblem;
  readonly detail: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  /** Entries verified before the first problem (all of them when ok). */
  readonly checked: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  readonly checkpoints: number;
  readonly lastCheckpointSeq: number | null;
  /** The last entry pruned, whose signed hash the kept entries chain from. */
  readonly anchorSeq: number | null;
  /** Entries after the last checkpoint, which only the chain vouches for. */
  readonly unsignedTail: number;
  readonly firstBad?: VerifyFailure;
}

export interface VerifyOptions {
  /** A signed checkpoint held outside the store (the local copy, or the control plane's). */
  readonly witness?: SignedCheckpoint | null;
  readonly pageSize?: number;
}

const earliest = (a: VerifyFailure | undefined, b: VerifyFailure | undefined): VerifyFailure | undefined =>
  a === undefined ? b : b === undefined ? a : b.seq < a.seq ? b : a;

const sameCheckpoints = (a: readonly SignedCheckpoint[], b: readonly SignedCheckpoint[]): boolean =>
  a.length === b.length && a.every((c, i) => c.kind === b[i]!.kind && c.seq === b[i]!.seq && c.signature === b[i]!.signature);

/**
 * Verifies the whole log. A writer may prune or sign while the walk is under way (the walk is
 * not one snapshot); when the checkpoints changed meanwhile, a failure is checked again before it
 * is reported, so a concurrent prune is never taken for a deletion.
 */
export async function verifyAuditLog(store: AuditStore, key: PublicKeyInfo, options: VerifyOptions = {}): Promise<VerifyResult> {
  for (let attempt = 0; ; attempt++) {
    const before = await store.checkpoints();
    const result = await verifyOnce(store, key, options, before);
    if (result.ok || attempt >= 2 || sameCheckpoints(before, await store.checkpoints())) return result;
  }
}

async function verifyOnce(store: AuditStore, key: PublicKeyInfo, options: VerifyOptions, stored: readonly SignedCheckpoint[]): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? 5_000;
  const all = options.witness ? [...stored, options.witness] : stored;
  let firstBad: VerifyFailure | undefined;
  const valid: SignedCheckpoint[] = [];
  for (const c of all) {
    if (checkpointSignatureValid(c, key)) valid.push(c);
    else firstBad = earliest(firstBad, { seq: c.seq, problem: 'bad_signature', detail: `the ${c.kind} signed for entry ${c.seq} does not verify with key ${key.keyId}${c.keyId !== key.keyId ? ` (it names key ${c.keyId})` : ''}` });
  }
  const anchor = valid.filter((c) => c.kind === 'anchor').reduce<SignedCheckpoint | null>((a, c) => (a === null || c.seq > a.seq ? c : a), null);
  const startSeq = (anchor?.seq ?? 0) + 1;
  const signed = new Map<number, SignedCheckpoint[]>();
  for (const c of valid) {
    if (c.kind === 'anchor' || c.seq < startSeq) continue;
    signed.set(c.seq, [...(signed.get(c.seq) ?? []), c]);
  }
  for (const c of valid) {
    if (anchor && c.seq === anchor.seq && c.hash !== anchor.hash) {
      firstBad = earliest(firstBad, { seq: c.seq, problem: 'checkpoint_mismatch', detail: `two signed hashes for entry ${c.seq} disagree` });
    }
  }

  let expected = startSeq;
  let prev = anchor?.hash ?? GENESIS_HASH;
  let lastGoodCheckpoint = anchor?.seq ?? 0;
  let firstSeq: number | null = null;
  let entryProblem: VerifyFailure | undefined;
  walk: while (firstBad === undefined || expected < firstBad.seq) {
    let page;
    try {
      page = await store.readRange(expected, pageSize);
    } catch (error) {
      if (!(error instanceof CorruptEntryError)) throw error;
      // Read the entries before the unreadable one on their own, then report it.
      page = error.seq > expected ? await store.readRange(expected, error.seq - expected) : [];
      if (page.length === 0) {
        entryProblem = { seq: error.seq, problem: 'unreadable', detail: error.message };
        break;
      }
    }
    if (page.length === 0) break;
    for (const r of page) {
      firstSeq ??= r.seq;
      if (r.seq !== expected) {
        entryProblem = { seq: expected, problem: 'missing_entry', detail: `entry ${expected} is missing${expected - 1 >= startSeq ? ` after entry ${expected - 1}` : ''} (the next entry stored is ${r.seq})` };
        break walk;
      }
      let hash: string;
      try {
        hash = expectedHash(prev, r);
      } catch (error) {
        entryProblem = { seq: r.seq, problem: 'unreadable', detail: `entry ${r.seq} cannot be encoded: ${(error as Error).message}` };
        break walk;
      }
      if (hash !== r.hash) {
        entryProblem = { seq: r.seq, problem: 'hash_mismatch', detail: `entry ${r.seq} does not match its hash: it was changed, inserted or moved` };
        break walk;
      }
      for (const c of signed.get(r.seq) ?? []) {
        if (c.hash !== r.hash) {
          entryProblem = {
            seq: r.seq,
            problem: 'checkpoint_mismatch',
            detail: `entry ${r.seq} differs from the hash signed for it on ${c.time}: entries ${lastGoodCheckpoint + 1}..${r.seq} were rewritten`,
          };
          break walk;
        }
        lastGoodCheckpoint = r.seq;
      }
      prev = r.hash;
      expected += 1;
    }
  }
  const lastSeq = expected - 1 >= startSeq ? expected - 1 : null;
  firstBad = earliest(firstBad, entryProblem);
  if (entryProblem === undefined) {
    const beyond = valid.filter((c) => c.seq > expected - 1).sort((a, b) => b.seq - a.seq)[0];
    if (beyond) {
      const end = lastSeq === null ? 'the log has no entries' : `the log ends at entry ${lastSeq}`;
      firstBad = earliest(firstBad, { seq: expected, problem: 'truncated', detail: `entries ${expected}..${beyond.seq} are missing: a ${beyond.kind} signed entry ${beyond.seq} on ${beyond.time}, but ${end}` });
    }
  }
  const lastCheckpointSeq = valid.reduce<number | null>((m, c) => (c.kind === 'checkpoint' && c.seq < expected && (m === null || c.seq > m) ? c.seq : m), null);
  const checked = firstBad ? Math.max(0, Math.min(firstBad.seq, expected) - startSeq) : expected - startSeq;
  const result: VerifyResult = {
    ok: firstBad === undefined,
    checked,
    firstSeq,
    lastSeq,
    checkpoints: stored.filter((c) => c.kind === 'checkpoint').length,
    lastCheckpointSeq,
    anchorSeq: anchor?.seq ?? null,
    unsignedTail: lastSeq === null ? 0 : lastSeq - Math.max(lastCheckpointSeq ?? 0, anchor?.seq ?? 0),
  };
  return firstBad ? { ...result, firstBad } : result;
}
