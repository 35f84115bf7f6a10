import { describe, expect, it } from 'vitest';
import { isPlaceholder, isSecretName, looksRandom, shannonEntropy } from './entropy.js';

describe('shannonEntropy', () => {
  it('is zero for one repeated character and log2(n) for n distinct ones', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('')).toBe(0);
  });
});

describe('isPlaceholder', () => {
  it.each(['xxxxxxxx', '********', '<token>', '${API_KEY}', '$TOKEN', '{{ secret }}', 'changeme', 'your_api_key_here', 'example-key-123', '[REDACTED:jwt]', 'password', '%TOKEN%'])(
    'treats %s as a stand-in', (v) => expect(isPlaceholder(v)).toBe(true));
  it.each(['Xk9#mQ2!vL7p', 'a8f5f167f44f4964e6c998dee827110c'])('treats %s as a value', (v) => expect(isPlaceholder(v)).toBe(false));
});

describe('looksRandom', () => {
  it('accepts generated key material', () => {
    expect(looksRandom('a8f5f167f44f4964e6c998dee827110c')).toBe(true);
    expect(looksRandom('Xk9#mQ2!vL7p')).toBe(true);
  });
  it('rejects words, numbers, paths, identifiers and short values', () => {
    for (const v of ['hunter2', 'correcthorsebatterystaple', '1234567890', '/etc/secret/path', 'response.data.accessToken', 'https://example.com/a1']) {
      expect(looksRandom(v), v).toBe(false);
    }
  });
});

describe('isSecretName', () => {
  it.each(['password', 'DB_PASSWORD', 'apiKey', 'api-key', 'GITHUB_TOKEN', 'client_secret', '--token', 'aws_secret_access_key', 'private_key'])(
    '%s names a secret', (n) => expect(isSecretName(n)).toBe(true));
  it.each(['token_type', 'max_tokens', 'password_hint', 'secret_name', 'bypass', 'tokenizer', 'username', 'api_key_id'])(
    '%s does not', (n) => expect(isSecretName(n)).toBe(false));
});
