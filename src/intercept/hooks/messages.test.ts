import { describe, expect, it } from 'vitest';
import type { Decision } from '../../core/decision.js';
import { cleanText, stanceOf } from './messages.js';

const base: Decision = { verdict: 'allow', outcome: 'allowed', mode: 'enforce', severity: 'info', role: 'r', rule: null, reason: 'ok', commands: [], findings: [] };

describe('stanceOf', () => {
  it.each([
    [{ outcome: 'blocked', verdict: 'block' }, 'deny'],
    [{ outcome: 'held', verdict: 'ask' }, 'ask'],
    [{ outcome: 'would_block', verdict: 'block', mode: 'monitor' }, 'warn'],
    [{ outcome: 'allowed', verdict: 'flag' }, 'warn'],
    [{ outcome: 'allowed', verdict: 'allow' }, 'silent'],
  ] as const)('%j → %s', (over, stance) => {
    expect(stanceOf({ ...base, ...over })).toBe(stance);
  });

  it('treats an outcome it does not know as a deny, never as an allowance', () => {
    expect(stanceOf({ ...base, outcome: 'approved' as Decision['outcome'] })).toBe('deny');
  });
});

describe('cleanText', () => {
  it('replaces terminal escapes and direction overrides, keeps newlines and tabs', () => {
    expect(cleanText('rm\u001b[2J -rf\t/\n\u202eevil')).toBe('rm?[2J -rf\t/\n?evil');
  });

  it('bounds the length of a reason built from a huge command', () => {
    expect(cleanText('x'.repeat(1_000_000)).length).toBeLessThanOrEqual(2000);
  });
});
