import { describe, expect, it } from 'vitest';
import type { Decision } from '../core/decision.js';
import type { Event } from '../core/events.js';
import { canonicalJson } from './canonical.js';
import type { AuditEntryInput } from './entry.js';
import { AuditError } from './errors.js';
import { auditEntryOf } from './from-decision.js';
import { entryEncoding } from './hash-chain.js';
import { normaliseEntry } from './normalise.js';

const TOKEN = 'ghp_' + 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';
const AWS = 'AKIA' + 'IOSFODNN7EXAMPLE';

const base: AuditEntryInput = { type: 'command', subject: 'ls', verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok' };

describe('normaliseEntry', () => {
  it('redacts secrets in the command, the reason, the working directory and the arguments before anything is hashed', () => {
    const fields = normaliseEntry({
      ...base,
      type: 'mcp_tool_call',
      subject: `git push https://x:${TOKEN}@github.com/o/r.git`,
      reason: `rule matched ${TOKEN}`,
      cwd: `/tmp/${TOKEN}`,
      arguments: { headers: { Authorization: `Bearer ${TOKEN}` }, nested: [{ env: `AWS_ACCESS_KEY_ID=${AWS}` }], password: 'hunter2-Zq9xLm3Rt8Vw' },
    });
    const encoded = entryEncoding(1, '2025-01-01T00:00:00.000Z', fields);
    expect(encoded).not.toContain(TOKEN);
    expect(encoded).not.toContain(AWS);
    expect(encoded).not.toContain('hunter2-Zq9xLm3Rt8Vw');
    expect(encoded).toContain('[REDACTED:');
    expect(fields.subject).toMatch(/^git push https:\/\/.*\[REDACTED:[a-z_]+\].*github\.com/);
  });

  it('records every field, absent ones as null, and arguments as plain JSON', () => {
    const fields = normaliseEntry({ ...base, arguments: { when: new Date(0), n: Number.NaN, skip: undefined }, latencyMs: 1.23456789 });
    expect(fields).toEqual({
      ...base,
      host: null, agent: null, session: null, tool: null, cwd: null, binary: null, role: null, mode: null, rule: null,
      arguments: { when: '1970-01-01T00:00:00.000Z', n: null },
      latencyMs: 1.235,
      findings: [],
    });
    expect(() => canonicalJson(fields.arguments)).not.toThrow();
  });

  it('makes text storable: lone surrogates and NUL become U+FFFD', () => {
    expect(normaliseEntry({ ...base, subject: 'a\u0000b\ud800c\udc00d\ud83d\ude00' }).subject).toBe('a\ufffdb\ufffdc\ufffdd\ud83d\ude00');
  });

  it('refuses words outside the vocabulary', () => {
    expect(() => normaliseEntry({ ...base, outcome: 'maybe' as never })).toThrow(AuditError);
    expect(() => normaliseEntry({ ...base, type: 'shell' as never })).toThrow(/type must be one of/);
    expect(() => normaliseEntry({ ...base, findings: [{ rule: 'r', title: 't', severity: 'urgent' as never, verdict: 'flag' }] })).toThrow(/finding severity/);
  });
});

describe('auditEntryOf', () => {
  const decision: Decision = {
    verdict: 'block',
    outcome: 'blocked',
    mode: 'enforce',
    severity: 'high',
    role: 'dev',
    rule: 'no-force-push',
    reason: 'force push denied',
    commands: [
      { source: 'cd app', argv: ['cd', 'app'], binary: 'cd', via: [], verdict: 'allow', severity: 'info', rule: null, reason: 'ok', unresolved: null },
      { source: 'git push -f', argv: ['git', 'push', '-f'], binary: 'git', via: [], verdict: 'block', severity: 'high', rule: 'no-force-push', reason: 'denied', unresolved: null },
    ],
    findings: [{ rule: 'git.force-push', title: 'Force push', severity: 'high', verdict: 'block', matched: 'git push -f', tags: [] }],
  };

  it('takes the binary from the command that decided, and the context from the event', () => {
    const event: Event = { kind: 'command', command: 'cd app && git push -f', context: { host: 'h', agent: 'cursor', session: 's', cwd: '/w', tool: 'Bash' } };
    expect(auditEntryOf(event, decision, { latencyMs: 2 })).toMatchObject({
      type: 'command', host: 'h', agent: 'cursor', session: 's', cwd: '/w', tool: 'Bash', binary: 'git',
      subject: 'cd app && git push -f', outcome: 'blocked', rule: 'no-force-push', latencyMs: 2,
      findings: [{ rule: 'git.force-push', title: 'Force push', severity: 'high', verdict: 'block' }],
    });
  });

  it('records a tool call as server/tool with its arguments', () => {
    const event: Event = { kind: 'mcp_tool_call', server: 'fs', tool: 'write_file', arguments: { path: '/etc/passwd' }, context: {} };
    expect(auditEntryOf(event, { ...decision, commands: [] }, { host: 'daemon-host' })).toMatchObject({ type: 'mcp_tool_call', subject: 'fs/write_file', arguments: { path: '/etc/passwd' }, binary: null, host: 'daemon-host' });
  });
});
