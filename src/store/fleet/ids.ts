// Ids and secrets: random, url-safe, with a prefix that says what they name. Secrets (session,
// host and enrollment tokens) are stored only as their SHA-256.
import { createHash, randomBytes } from 'node:crypto';

export type IdPrefix = 'org' | 'usr' | 'role' | 'host' | 'tok' | 'alr' | 'apr' | 'var' | 'sug';

export const newId = (prefix: IdPrefix): string => `${prefix}_${randomBytes(12).toString('base64url')}`;

/** A secret of 32 random bytes: `wds_…` sessions, `wht_…` host tokens, `wet_…` enrollment tokens. */
export const newSecret = (prefix: 'wds' | 'wht' | 'wet'): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export const nowIso = (): string => new Date().toISOString();
