// Storing what a host uploads: idempotent by (host, seq), resumable (only what continues the
// stored chain without a gap is stored), and checked on the way in: every entry must chain from
// the one before it, every checkpoint must carry the host's signature (the key pinned at
// enrollment) over the hash stored for its entry. A break is reported, never silently dropped;
// the entries are stored anyway, so nothing a host recorded is lost.
import { createPublicKey } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { checkpointSignatureValid, type SignedCheckpoint } from '../../audit/checkpoint.js';
import type { AuditRecord } from '../../audit/entry.js';
import { expectedHash, GENESIS_HASH } from '../../audit/hash-chain.js';
import { keyIdOf, type PublicKeyInfo } from '../../audit/host-key.js';
import { checkpointRow, entryValues, ENTRY_COLUMNS } from '../audit-rows.js';
import type { Dialect } from '../migrations.js';
import type { FleetDatabase } from './schema.js';
import { addToSessions } from './session-summary.js';
import type { HostRecord } from './types.js';
import { writeTransaction } from './write-transaction.js';

type Db = Kysely<FleetDatabase>;

export type IntegrityProblemKind = 'hash_mismatch' | 'rewritten' | 'bad_signature' | 'checkpoint_mismatch';

export interface IntegrityProblem {
  readonly seq: number;
  readonly problem: IntegrityProblemKind;
  readonly detail: string;
}

export interface IngestResult {
  /** Highest contiguous seq stored for the host after this upload. */
  readonly stored: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly integrity: readonly IntegrityProblem[];
  /** The entries stored by this upload, with the ids the server gave them. */
  readonly inserted: readonly { readonly id: string; readonly record: AuditRecord }[];
}

/** Rows per INSERT: 23 parameters each stays under both dialects' limits. */
const ROWS_PER_INSERT = 500;

export function publicKeyInfo(pem: string): PublicKeyInfo {
  const publicKey = createPublicKey(pem);
  return { publicKey, keyId: keyIdOf(publicKey) };
}

function fleetRow(orgId: string, hostId: string, r: AuditRecord): Record<string, string | number | null> {
  const values = entryValues(r);
  const row: Record<string, string | number | null> = { org_id: orgId, host_id: hostId };
  ENTRY_COLUMNS.forEach((c, i) => (row[c] = values[i]!));
  return row;
}

async function lockHost(trx: Db, dialect: Dialect, hostId: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`warden_host:${hostId}`}))`.execute(trx);
}

export async function ingestAudit(db: Db, dialect: Dialect, host: HostRecord, records: readonly AuditRecord[], checkpoints: readonly SignedCheckpoint[]): Promise<IngestResult> {
  const key = publicKeyInfo(host.publicKey);
  return writeTransaction(db, dialect, async (trx) => {
    await lockHost(trx, dialect, host.id);
    const state = await trx.selectFrom('hosts').select(['last_seq', 'last_hash']).where('id', '=', host.id).executeTakeFirstOrThrow();
    const problems: IntegrityProblem[] = [];
    const valid: SignedCheckpoint[] = [];
    for (const c of checkpoints) {
      if (checkpointSignatureValid(c, key)) valid.push(c);
      else problems.push({ seq: c.seq, problem: 'bad_signature', detail: `the ${c.kind} for entry ${c.seq} does not verify with the host's key ${key.keyId}${c.keyId !== key.keyId ? ` (it names key ${c.keyId})` : ''}` });
    }
    const oldHead = Number(state.last_seq);
    let head = oldHead;
    let prev = state.last_hash ?? GENESIS_HASH;
    const sorted = [...records].sort((a, b) => a.seq - b.seq);
    // A host whose log was pruned before its first upload starts from its signed anchor.
    const first = sorted[0];
    if (head === 0 && state.last_hash === null && first && first.seq > 1) {
      const anchor = valid.find((c) => c.kind === 'anchor' && c.seq === first.seq - 1);
      if (anchor) {
        head = anchor.seq;
        prev = anchor.hash;
      }
    }

    const dupSeqs = sorted.filter((r) => r.seq <= head).map((r) => r.seq);
    const storedHashes = new Map<number, string>();
    if (dupSeqs.length) {
      const rows = await trx.selectFrom('fleet_audit').select(['seq', 'hash']).where('host_id', '=', host.id).where('seq', '>=', dupSeqs[0]!).where('seq', '<=', dupSeqs[dupSeqs.length - 1]!).execute();
      for (const r of rows) storedHashes.set(Number(r.seq), r.hash);
    }
    let duplicates = 0;
    const accepted: AuditRecord[] = [];
    const batchHashes = new Map<number, string>();
    for (const r of sorted) {
      if (r.seq <= head) {
        const stored = batchHashes.get(r.seq) ?? storedHashes.get(r.seq);
        if (stored !== undefined && stored !== r.hash) problems.push({ seq: r.seq, problem: 'rewritten', detail: `entry ${r.seq} was uploaded before with another hash: the host's log was rewritten` });
        duplicates++;
        continue;
      }
      if (r.seq !== head + 1) break;
      let hash: string | null;
      try {
        hash = expectedHash(prev, r);
      } catch {
        hash = null;
      }
      if (hash !== r.hash) problems.push({ seq: r.seq, problem: 'hash_mismatch', detail: `entry ${r.seq} does not chain from entry ${r.seq - 1}: it was changed, inserted or moved` });
      accepted.push(r);
      batchHashes.set(r.seq, r.hash);
      prev = r.hash;
      head = r.seq;
    }

    const inserted: { id: string; record: AuditRecord }[] = [];
    for (let at = 0; at < accepted.length; at += ROWS_PER_INSERT) {
      const chunk = accepted.slice(at, at + ROWS_PER_INSERT);
      const rows = await trx.insertInto('fleet_audit').values(chunk.map((r) => fleetRow(host.orgId, host.id, r)) as never).onConflict((oc) => oc.columns(['host_id', 'seq']).doNothing()).returning(['id', 'seq']).execute();
      const bySeq = new Map(chunk.map((r) => [r.seq, r]));
      for (const row of rows) inserted.push({ id: String(Number(row.id)), record: bySeq.get(Number(row.seq))! });
    }
    await addToSessions(trx, host.orgId, host.id, inserted.map((i) => i.record));
    if (valid.length) {
      await trx.insertInto('host_checkpoints').values(valid.map((c) => ({ host_id: host.id, ...checkpointRow(c) }))).onConflict((oc) => oc.columns(['host_id', 'kind', 'seq']).doNothing()).execute();
    }

    // Every signed position now stored must hold the hash that was signed.
    const signed = await trx.selectFrom('host_checkpoints').select(['kind', 'seq', 'hash', 'time']).where('host_id', '=', host.id).where('seq', '>', oldHead).where('seq', '<=', head).execute();
    const toCheck = [...signed.map((c) => ({ kind: c.kind, seq: Number(c.seq), hash: c.hash, time: c.time })), ...valid.filter((c) => c.seq <= oldHead)];
    const older = toCheck.filter((c) => !batchHashes.has(c.seq)).map((c) => c.seq);
    if (older.length) {
      const rows = await trx.selectFrom('fleet_audit').select(['seq', 'hash']).where('host_id', '=', host.id).where('seq', 'in', older).execute();
      for (const r of rows) storedHashes.set(Number(r.seq), r.hash);
    }
    for (const c of toCheck) {
      const stored = batchHashes.get(c.seq) ?? storedHashes.get(c.seq);
      if (stored !== undefined && stored !== c.hash) {
        problems.push({ seq: c.seq, problem: 'checkpoint_mismatch', detail: `entry ${c.seq} differs from the hash the host signed for it on ${c.time}: the entries before it were rewritten` });
      }
    }

    if (head !== oldHead || problems.length) {
      await trx.updateTable('hosts').set({
        last_seq: head, last_hash: prev, last_seen_at: new Date().toISOString(), ...(problems.length ? { integrity: 'broken' } : {}),
      }).where('id', '=', host.id).execute();
    }
    return { stored: head, accepted: accepted.length, duplicates, integrity: problems, inserted };
  });
}
