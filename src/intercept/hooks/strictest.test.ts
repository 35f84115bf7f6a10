import { describe, expect, it } from 'vitest';
import type { Decision } from '../../core/decision.js';
import { strictestDecision } from './strictest.js';

const d = (over: Partial<Decision>): Decision => ({
  verdict: 'allow', outcome: 'allowed', mode: 'enforce', severity: 'info', role: 'r', rule: null, reason: 'ok', commands: [], findings: [], ...over,
});

describe('strictestDecision', () => {
  it('is null when a call gave no events', () => {
    expect(strictestDecision([])).toBeNull();
  });

  it('ranks blocked over held over would_block over allowed, whatever the order', () => {
    const allowed = d({});
    const flagged = d({ verdict: 'flag' });
    const wouldBlock = d({ verdict: 'block', outcome: 'would_block', mode: 'monitor' });
    const held = d({ verdict: 'ask', outcome: 'held' });
    const blocked = d({ verdict: 'block', outcome: 'blocked' });
    expect(strictestDecision([allowed, blocked, held])).toBe(blocked);
    expect(strictestDecision([held, wouldBlock, flagged])).toBe(held);
    expect(strictestDecision([flagged, wouldBlock])).toBe(wouldBlock);
    expect(strictestDecision([allowed, flagged])).toBe(flagged);
  });

  it('prefers a decision with findings among plain allowances', () => {
    const found = d({ findings: [{ rule: 'WD-X', title: 't', severity: 'low', verdict: 'allow', matched: 'm', tags: [] }] });
    expect(strictestDecision([d({}), found])).toBe(found);
  });
});
