import { describe, expect, it } from 'vitest';
import type { Decision } from '../../core/decision.js';
import type { SessionJudge } from './session-types.js';
import { warmUp } from './warm-up.js';

const allow: Decision = { verdict: 'allow', outcome: 'allowed', mode: 'enforce', severity: 'info', role: 'r', rule: null, reason: 'allowed', commands: [], findings: [] };

function countingJudge(): SessionJudge & { readonly kinds: string[] } {
  const kinds: string[] = [];
  const judge: SessionJudge & { readonly kinds: string[] } = {
    kinds,
    mode: 'enforce',
    role: 'r',
    onError: null,
    evaluate(event) {
      kinds.push(event.kind);
      return allow;
    },
    declareTools: () => [],
    toolVerdict: () => 'allow',
  };
  return judge;
}

describe('warmUp', () => {
  it('judges the synthetic calls and their results with the judge it is given', async () => {
    const judge = countingJudge();
    await warmUp({ server: 'fs', judge, rounds: 20 }).done;
    expect(judge.kinds.filter((k) => k === 'mcp_tool_call')).toHaveLength(20);
    expect(judge.kinds.filter((k) => k === 'tool_result')).toHaveLength(20);
  });

  it('stops after the round under way', async () => {
    const judge = countingJudge();
    const w = warmUp({ server: 'fs', judge, rounds: 100_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    w.stop();
    await w.done;
    const calls = judge.kinds.filter((k) => k === 'mcp_tool_call').length;
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(100_000);
  });

  it('settles, without throwing, when judging fails', async () => {
    const judge = { ...countingJudge(), evaluate: () => { throw new Error('broken'); } };
    await expect(warmUp({ server: 'fs', judge, rounds: 3 }).done).resolves.toBeUndefined();
  });
});
