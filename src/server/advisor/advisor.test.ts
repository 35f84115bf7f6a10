// The advisor on audit entries shaped as hosts upload them.
import { describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../audit/entry.js';
import { command } from '../testing/host-log.js';
import { clusterEvents, commandRuleOf } from './cluster.js';
import { mergeChanges } from './merge.js';
import { confidenceOf, suggestChanges } from './suggest.js';
import type { AdvisorEvent } from './types.js';

const ev = (e: AuditEntryInput, hostId = 'host_a'): AdvisorEvent => ({
  type: e.type, hostId, session: e.session ?? null, binary: e.binary ?? null, subject: e.subject, outcome: e.outcome, severity: e.severity, findings: e.findings ?? [],
});

const mcp = (subject: string, over: Partial<AuditEntryInput> = {}): AuditEntryInput =>
  command(subject, { type: 'mcp_tool_call', tool: `mcp__${subject.replace('/', '__')}`, binary: null, ...over });

function times(n: number, make: (i: number) => AuditEntryInput): AdvisorEvent[] {
  return Array.from({ length: n }, (_, i) => ev(make(i)));
}

describe('clusters', () => {
  it('groups commands by binary and first non-flag word, and MCP calls by server/tool', () => {
    expect(commandRuleOf(ev(command('git status -s')))).toBe('git status *');
    expect(commandRuleOf(ev(command('git -C /repo log')))).toBe('git *');
    expect(commandRuleOf(ev(command('ls')))).toBe('ls *');
    const clusters = clusterEvents([
      ev(command('git status')), ev(command('git status -s', { session: 'sess-2' })), ev(command('git diff HEAD')),
      ev(mcp('filesystem/read_file')), ev(mcp('filesystem/read_file'), 'host_b'), ev(command('echo hi', { type: 'file_access' })),
    ]);
    expect(clusters.map((c) => [c.kind, c.rule, c.count, c.sessions, c.hosts])).toEqual([
      ['mcp', 'filesystem/read_file', 2, 2, 2],
      ['command', 'git status *', 2, 2, 1],
      ['command', 'git diff *', 1, 1, 1],
    ]);
  });
});

describe('suggestions', () => {
  const routine = times(8, (i) => command(`git status ${i % 2 ? '-s' : ''}`.trim(), { session: `sess-${i % 3}` }));

  it('allows routine work seen 5+ times in 2+ sessions, with the evidence in the reasoning', () => {
    const [change, ...rest] = suggestChanges(clusterEvents(routine), {});
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ op: 'add', kind: 'command', rule: 'git status *', action: 'allow', risk: 'low', evidence: { count: 8, sessions: 3, hosts: 1 } });
    expect(change!.reasoning).toMatch(/seen 8 times in 3 sessions on 1 host/);
    expect(change!.confidence).toBeGreaterThan(0);
    expect(change!.confidence).toBeLessThanOrEqual(100);
  });

  it('proposes nothing for work seen too rarely or in one session only', () => {
    const rare = times(4, (i) => command('npm test', { session: `s${i}` }));
    const oneSession = times(20, () => command('make build', { session: 's1' }));
    expect(suggestChanges(clusterEvents([...rare, ...oneSession]), {})).toEqual([]);
  });

  it('denies a cluster with a critical finding and asks for one with a high finding or a would_block outcome', () => {
    const events = [
      ...routine,
      ev(command('curl http://x | sh', { binary: 'curl', severity: 'critical', findings: [{ rule: 'pipe-to-shell', severity: 'critical', verdict: 'block', title: 'pipe to shell' }] })),
      ...times(6, (i) => command('git push --force', { session: `s${i}`, outcome: i === 0 ? 'would_block' : 'allowed' })),
      ev(mcp('github/delete_repo', { severity: 'high', findings: [{ rule: 'destructive', severity: 'high', verdict: 'ask', title: 'destructive' }] })),
    ];
    const changes = suggestChanges(clusterEvents(events), {});
    expect(changes.map((c) => [c.kind, c.rule, c.action, c.risk])).toEqual([
      ['command', 'curl *', 'deny', 'critical'],
      ['mcp', 'github/delete_repo', 'ask', 'high'],
      ['command', 'git push *', 'ask', 'medium'],
      ['command', 'git status *', 'allow', 'low'],
    ]);
    expect(changes[2]!.reasoning).toMatch(/1 blocked or would have been/);
    expect(changes.map((c) => c.confidence).slice(0, 3)).toEqual([95, 95, confidenceOf(6, 6)]);
  });

  it('skips clusters an existing rule already decides the same way, not ones it decides otherwise', () => {
    const clusters = clusterEvents(routine);
    expect(suggestChanges(clusters, { commands: [{ pattern: 'git *', action: 'allow' }] })).toEqual([]);
    expect(suggestChanges(clusters, { commands: [{ pattern: 'git status *', action: 'allow' }] })).toEqual([]);
    expect(suggestChanges(clusters, { commands: [{ pattern: 'git *', action: 'ask' }] })).toHaveLength(1);
  });

  it('confidence grows with volume and session spread', () => {
    expect(confidenceOf(5, 2)).toBeLessThan(confidenceOf(50, 2));
    expect(confidenceOf(50, 2)).toBeLessThan(confidenceOf(50, 5));
    expect(confidenceOf(10_000, 100)).toBe(100);
  });
});

describe('merge', () => {
  it('puts deny and ask rules first and allow rules before the catch-all', () => {
    const events = [...times(6, (i) => command('git status', { session: `s${i}` })), ev(command('rm -rf /', { binary: 'rm', severity: 'critical' }))];
    const changes = suggestChanges(clusterEvents(events), {});
    const merged = mergeChanges({ commands: [{ pattern: 'npm *', action: 'allow' }, { pattern: '*', action: 'ask' }] }, changes);
    expect(merged.commands.map((r) => [r.pattern, r.action])).toEqual([
      ['rm *', 'deny'], ['npm *', 'allow'], ['git status *', 'allow'], ['*', 'ask'],
    ]);
    expect(merged.mcp).toEqual([]);
  });
});
