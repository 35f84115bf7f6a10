// Signed checkpoints: the host key's signature over a position in the chain (sequence number,
// that entry's hash, time). A `checkpoint` vouches for every entry up to it; an `anchor` stands
// for the last entry pruned, so the entries kept still chain from a signed hash.
import { sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import type { HostKey, PublicKeyInfo } from './host-key.js';

export type CheckpointKind = 'checkpoint' | 'anchor';

export interface ChainPosition {
  readonly seq: number;
  readonly hash: string;
}

export interface SignedCheckpoint extends ChainPosition {
  readonly kind: CheckpointKind;
  /** When it was signed, UTC ISO 8601. */
  readonly time: string;
  readonly keyId: string;
  /** Base64 Ed25519 signature over `checkpointMessage`. */
  readonly signature: string;
}

const DOMAIN = 'warden.audit.checkpoint';

/** The bytes signed: the canonical encoding of the checkpoint's fields under a domain label. */
export function checkpointMessage(c: Omit<SignedCheckpoint, 'signature'>): Buffer {
  return Buffer.from(canonicalJson({ domain: DOMAIN, v: 1, kind: c.kind, seq: c.seq, hash: c.hash, time: c.time, keyId: c.keyId }), 'utf8');
}

export function signCheckpoint(key: HostKey, kind: CheckpointKind, at: ChainPosition, time: string): SignedCheckpoint {
  const unsigned = { kind, seq: at.seq, hash: at.hash, time, keyId: key.keyId };
  return { ...unsigned, signature: sign(null, checkpointMessage(unsigned), key.privateKey).toString('base64') };
}

export function checkpointSignatureValid(c: SignedCheckpoint, key: PublicKeyInfo): boolean {
  if (c.keyId !== key.keyId) return false;
  try {
    return verify(null, checkpointMessage(c), key.publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
