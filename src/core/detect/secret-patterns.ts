// What credentials look like, as data. Every expression is linear: no quantified group holds a
// quantifier, every repetition that a later token could make fail is bounded, and each pattern
// starts only at the edge of a token (a look-behind), so a hostile megabyte cannot make one
// start position scan far and then another start position scan the same text again.
import { isPlaceholder, isSecretName, looksRandom } from './entropy.js';

export const SECRET_KINDS = [
  'private_key', 'aws_access_key_id', 'aws_secret_access_key', 'github_token', 'gitlab_token', 'slack_webhook',
  'slack_token', 'stripe_key', 'anthropic_key', 'openai_key', 'google_api_key', 'google_oauth_token', 'npm_token',
  'pypi_token', 'sendgrid_key', 'twilio_key', 'digitalocean_token', 'vault_token', 'azure_storage_key', 'jwt',
  'connection_password', 'authorization', 'bearer_token', 'assigned_secret',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface SecretPattern {
  readonly kind: SecretKind;
  /** Global, with indices (`d`) when the secret is a capture group of a larger match. */
  readonly regex: RegExp;
  /** Capture groups that may hold the secret (the first one that took part); the whole match otherwise. */
  readonly groups?: readonly number[];
  /** Further checks on the match: groups by number, the secret itself last. */
  readonly accept?: (match: RegExpExecArray, secret: string) => boolean;
}

/** Start and end of a token made of letters, digits, `_` and `-`. */
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';
const token = (body: string, flags = ''): RegExp => new RegExp(`${B}${body}${E}`, `g${flags}`);

const hasLetterAndDigit = (s: string): boolean => /[A-Za-z]/.test(s) && /[0-9]/.test(s);
const realValue = (_: RegExpExecArray, secret: string): boolean => !isPlaceholder(secret);

/** `name = value`, `name: "value"`, `"name": 'value'`, `name := value`, `name => value`. */
const ASSIGNMENT = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,64})["']?[ \t]{0,5}(?::=|=>|=|:)[ \t]{0,5}(?:"([^"\s]{8,512})"|'([^'\s]{8,512})'|([^\s"'`,;&<>(){}[\]]{8,512}))/dg;
/** `--token value`, `--password "value"` on a command line. */
const FLAG = /(?<![A-Za-z0-9_-])--([A-Za-z0-9_-]{1,64})[ \t]{1,5}(?:"([^"\s]{8,512})"|'([^'\s]{8,512})'|([^\s"'`;&|<>(){}-][^\s"'`;&|<>(){}]{7,511}))/dg;
const assigned = (m: RegExpExecArray, secret: string): boolean => isSecretName(m[1] ?? '') && looksRandom(secret);

/** In priority order: where matches overlap, the earlier kind names the secret. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: 'aws_access_key_id', regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  { kind: 'aws_secret_access_key', regex: /(?<![A-Za-z0-9_])(?:aws_?)?secret_?(?:access_?)?key["']?[ \t]{0,5}[:=]{1,2}[ \t]{0,5}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi, groups: [1], accept: realValue },
  { kind: 'github_token', regex: token('gh[pousr]_[A-Za-z0-9]{36,251}') },
  { kind: 'github_token', regex: token('github_pat_[A-Za-z0-9_]{22,255}') },
  { kind: 'gitlab_token', regex: token('glpat-[A-Za-z0-9_-]{20,255}') },
  { kind: 'slack_webhook', regex: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Za-z0-9]{6,20}\/[A-Za-z0-9]{6,20}\/[A-Za-z0-9]{8,64}/g },
  { kind: 'slack_token', regex: token('(?:xox[abposrce]|xapp)-[A-Za-z0-9-]{10,250}'), accept: (m) => hasLetterAndDigit(m[0]) },
  { kind: 'stripe_key', regex: token('(?:sk|rk)_live_[A-Za-z0-9]{16,247}') },
  { kind: 'anthropic_key', regex: token('sk-ant-[A-Za-z0-9_-]{20,250}') },
  { kind: 'openai_key', regex: token('sk-[A-Za-z0-9_-]{20,250}'), accept: (m) => hasLetterAndDigit(m[0].slice(3)) },
  { kind: 'google_api_key', regex: token('AIza[0-9A-Za-z_-]{35}') },
  { kind: 'google_oauth_token', regex: token('ya29\\.[0-9A-Za-z_-]{20,2048}') },
  { kind: 'npm_token', regex: token('npm_[A-Za-z0-9]{36}') },
  { kind: 'pypi_token', regex: token('pypi-[A-Za-z0-9_-]{50,1024}') },
  { kind: 'sendgrid_key', regex: token('SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}') },
  { kind: 'twilio_key', regex: token('SK[0-9a-f]{32}') },
  { kind: 'digitalocean_token', regex: token('do[opr]_v1_[a-f0-9]{64}') },
  { kind: 'vault_token', regex: token('hv[sbr]\\.[A-Za-z0-9_-]{24,512}') },
  { kind: 'azure_storage_key', regex: /AccountKey=([A-Za-z0-9+/]{40,128}={0,2})/dgi, groups: [1] },
  { kind: 'jwt', regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,2048}\.eyJ[A-Za-z0-9_-]{5,8192}\.[A-Za-z0-9_-]{0,2048}(?![A-Za-z0-9_.-])/g },
  {
    kind: 'connection_password',
    regex: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s:@/?#"'`<>]{0,128}:([^\s@/"'`<>]{1,256})@[A-Za-z0-9[_-]/dg,
    groups: [1],
    accept: realValue,
  },
  { kind: 'authorization', regex: /authorization["']?[ \t]{0,5}[:=][ \t]{0,5}["']?(?:bearer|basic|token|bot)[ \t]{1,5}([A-Za-z0-9._~+/-]{8,4096}={0,3})/dgi, groups: [1], accept: realValue },
  { kind: 'bearer_token', regex: /(?<![A-Za-z0-9])bearer[ \t]{1,5}([A-Za-z0-9._~+/-]{16,4096}={0,3})/dgi, groups: [1], accept: (_, s) => looksRandom(s) },
  { kind: 'assigned_secret', regex: ASSIGNMENT, groups: [2, 3, 4], accept: assigned },
  { kind: 'assigned_secret', regex: FLAG, groups: [2, 3, 4], accept: assigned },
];
