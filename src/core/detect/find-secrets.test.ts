import { describe, expect, it } from 'vitest';
import { compileSafeRegex } from '../policy/safe-regex.js';
import { findSecrets } from './find-secrets.js';
import { SECRET_PATTERNS, type SecretKind } from './secret-patterns.js';

const kinds = (text: string): SecretKind[] => findSecrets(text).map((s) => s.kind);
const found = (text: string): string[] => findSecrets(text).map((s) => text.slice(s.start, s.end));

const SAMPLES: readonly (readonly [SecretKind, string, string])[] = [
  ['aws_access_key_id', 'export AWS_ACCESS_KEY_ID=AKIAZ3MSJV5NR7QWXY12', 'AKIAZ3MSJV5NR7QWXY12'],
  ['aws_access_key_id', 'session ASIAY34FZKBOKMUTVV7A expires', 'ASIAY34FZKBOKMUTVV7A'],
  ['aws_secret_access_key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9ex4mpLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9ex4mpLE'],
  ['aws_secret_access_key', '"SecretAccessKey": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbR7qWxY12KE"', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbR7qWxY12KE'],
  ['github_token', 'git clone https://x:ghp_1234567890abcdefghijABCDEFGHIJ123456@github.com/o/r', 'ghp_1234567890abcdefghijABCDEFGHIJ123456'],
  ['github_token', 'GH=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF'],
  ['gitlab_token', 'PRIVATE-TOKEN: glpat-abcdefghij1234567890', 'glpat-abcdefghij1234567890'],
  ['slack_webhook', 'post to https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnop12345678 now', 'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnop12345678'],
  ['slack_token', 'SLACK=xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJklmn', 'xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJklmn'],
  ['stripe_key', 'stripe.api_key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
  ['stripe_key', 'rk_live_51Habcdefghijklmnop0123', 'rk_live_51Habcdefghijklmnop0123'],
  ['anthropic_key', 'x-api-key: sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEF', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEF'],
  ['openai_key', 'OPENAI_API_KEY=sk-proj-abcdefghij0123456789ABCDEFGHIJ', 'sk-proj-abcdefghij0123456789ABCDEFGHIJ'],
  ['openai_key', 'key sk-T3BlbkFJabcdefghij0123456789klmnopqrstuvwxyz012345', 'sk-T3BlbkFJabcdefghij0123456789klmnopqrstuvwxyz012345'],
  ['google_api_key', 'maps?key=AIzaSyA1234567890abcdefghijklmnopqrstuv&x=1', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
  ['google_oauth_token', 'ya29.a0AfH6SMBx1234567890abcdefghijklmnop', 'ya29.a0AfH6SMBx1234567890abcdefghijklmnop'],
  ['npm_token', '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', 'npm_abcdefghijklmnopqrstuvwxyz0123456789'],
  ['pypi_token', 'password = pypi-AgEIcHlwaS5vcmcCJGE0ZjQ4YzQ2LTk5ZmQtNDk1Ni04ZjY2LWU5ZjQ1ZmE2MjM0ZQ', 'pypi-AgEIcHlwaS5vcmcCJGE0ZjQ4YzQ2LTk5ZmQtNDk1Ni04ZjY2LWU5ZjQ1ZmE2MjM0ZQ'],
  ['sendgrid_key', 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'],
  ['twilio_key', 'TWILIO_API_KEY=SK0123456789abcdef0123456789abcdef', 'SK0123456789abcdef0123456789abcdef'],
  ['digitalocean_token', `DO=dop_v1_${'a1'.repeat(32)}`, `dop_v1_${'a1'.repeat(32)}`],
  ['vault_token', 'VAULT_TOKEN=hvs.CAESIJlU9JMYEhOPYv4KEvzZQyHJ2xoXqC4g', 'hvs.CAESIJlU9JMYEhOPYv4KEvzZQyHJ2xoXqC4g'],
  ['azure_storage_key', 'AccountName=x;AccountKey=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH==;EndpointSuffix=core', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH=='],
  ['jwt', 'token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ['connection_password', 'DATABASE_URL=postgres://admin:s3cr3tP4ss@db.internal:5432/app', 's3cr3tP4ss'],
  ['connection_password', 'mongodb+srv://app:hunter2@cluster0.example.net/db', 'hunter2'],
  ['authorization', 'curl -H "Authorization: Bearer abc123def456ghi789" https://api.example.com', 'abc123def456ghi789'],
  ['authorization', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
  ['bearer_token', 'use bearer Zk3q9LmX2pR7vT1yB8wN4 for it', 'Zk3q9LmX2pR7vT1yB8wN4'],
  ['assigned_secret', 'password=Xk9#mQ2!vL7p', 'Xk9#mQ2!vL7p'],
  ['assigned_secret', '{"api_key": "a8f5f167f44f4964e6c998dee827110c"}', 'a8f5f167f44f4964e6c998dee827110c'],
  ['assigned_secret', "export CLIENT_SECRET='q8Zr2Lk9Tx4Wm7Pv'", 'q8Zr2Lk9Tx4Wm7Pv'],
  ['assigned_secret', 'db:\n  password: Zx8Qw2Lp9Ty3\n', 'Zx8Qw2Lp9Ty3'],
  ['assigned_secret', 'mysql --password Zx8Qw2Lp9Ty3 -u root', 'Zx8Qw2Lp9Ty3'],
];

describe('findSecrets', () => {
  it.each(SAMPLES)('finds a %s in %j', (kind, text, secret) => {
    expect(findSecrets(text)).toHaveLength(1);
    expect(kinds(text)).toEqual([kind]);
    expect(found(text)).toEqual([secret]);
  });

  it('finds a whole PEM private key block, and a truncated one up to the end', () => {
    const body = 'MIIEowIBAAKCAQEA1234567890abcdefghijklmnopqrstuvwxyzABCDEF\nQWERTYUIOPasdfghjklzxcvbnm0123456789+/ab';
    const block = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    expect(found(`key:\n${block}\ndone`)).toEqual([block]);
    expect(found(`{"key": "-----BEGIN OPENSSH PRIVATE KEY-----\\n${body.replace('\n', '\\n')}`)).toHaveLength(1);
    expect(kinds(`-----BEGIN PGP PRIVATE KEY BLOCK-----\n${body}\n-----END PGP PRIVATE KEY BLOCK-----`)).toEqual(['private_key']);
  });

  it.each([
    'password=${DB_PASSWORD}',
    'api_key: <your-api-key>',
    'token: xxxxxxxxxxxx',
    'password=changeme',
    'const token = response.data.accessToken;',
    'postgres://user:password@localhost/db',
    'postgres://app:${PGPASS}@db/app',
    'max_tokens: 4096',
    'secret_name=my-app-secret-name1',
    'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
    '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
    'see https://example.com:8080/path and http://user@host/x',
    'sk-learn-is-a-library-name-for-python',
    'git checkout ghp_feature_branch',
    'the [REDACTED:github_token] was removed',
  ])('leaves %j alone', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('names an overlap by its most specific kind and reports one span', () => {
    const text = 'GITHUB_TOKEN=ghp_1234567890abcdefghijABCDEFGHIJ123456';
    expect(findSecrets(text)).toEqual([{ kind: 'github_token', start: 13, end: text.length }]);
  });

  it('reports spans in order without overlaps', () => {
    const text = 'a=AKIAZ3MSJV5NR7QWXY12 b=ghp_1234567890abcdefghijABCDEFGHIJ123456 password: "Xk9#mQ2!vL7p"';
    const spans = findSecrets(text);
    expect(spans.map((s) => s.kind)).toEqual(['aws_access_key_id', 'github_token', 'assigned_secret']);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it('uses only expressions the rule-file safety check accepts (no nested quantifiers, no back-references)', () => {
    for (const p of SECRET_PATTERNS) expect(compileSafeRegex(p.regex.source).error, p.kind).toBeNull();
  });

  // Bounded: each scan must finish within the test timeout; no timing is asserted.
  it('scans hostile megabytes', () => {
    const M = 1 << 20;
    const fill = (s: string): string => s.repeat(Math.ceil(M / s.length)).slice(0, M);
    const hostile = ['eyJ', 'eyJaaaaa.', 'a://b:', 'password=', 'authorization: bearer ', '-----BEGIN PRIVATE KEY-----', '--token ', 'sk-', 'x'.repeat(63) + '=', 'a="'];
    for (const h of hostile) {
      expect(Array.isArray(findSecrets(fill(h))), h).toBe(true);
    }
  });
});
