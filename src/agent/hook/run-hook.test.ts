// One hook call from payload to answer, with the policy loaded from a file as `warden hook` does,
// and every way it can fail: each one answered safely, in the agent's own words.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STARTER_POLICY } from '../../core/policy/starter-policy.js';
import type { HookAgent, HookInput } from '../../intercept/hooks/index.js';
import type { AuditEntryInput } from '../../audit/entry.js';
import type { JudgeLoader } from './local-judge.js';
import { runHook, type AuditRecorder } from './run-hook.js';

let dir: string;
const policies: Record<string, string> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-run-hook-'));
  const files = {
    enforce: STARTER_POLICY,
    monitor: STARTER_POLICY.replace('mode: enforce', 'mode: monitor'),
    brokenMonitor: STARTER_POLICY.replace('mode: enforce', 'mode: monitor').replace('action: deny', 'action: refuse'),
    brokenEnforce: STARTER_POLICY.replace('action: deny', 'action: refuse'),
  };
  for (const [name, text] of Object.entries(files)) {
    policies[name] = join(dir, `${name}.yaml`);
    writeFileSync(policies[name], text);
  }
  policies.missing = join(dir, 'missing.yaml');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (payload: object): HookInput => ({ kind: 'text', text: JSON.stringify(payload) });
const bash = (command: string) => text({ session_id: 's1', cwd: '/work', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
const run = (input: HookInput, policy: string, agent: HookAgent = 'claude-code', loadJudge?: JudgeLoader) =>
  runHook({ agent, input, policyPath: policies[policy]!, now: 0, context: { host: 'dev-laptop' }, ...(loadJudge ? { loadJudge } : {}) });

/** Claude Code's permission decision in an answer, or null when it gives none. */
const decisionOf = (stdout: string): string | null => (stdout ? ((JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision ?? null) : null);

describe('a hook call judged by the policy file', () => {
  it('blocks what the policy denies, naming the rule', async () => {
    const out = await run(bash('cd app && git push --force'), 'enforce');
    expect(out.exitCode).toBe(0);
    expect(decisionOf(out.stdout)).toBe('deny');
    expect(out.stdout).toContain('Blocked by Warden (no-force-push)');
  });

  it('says nothing about an everyday command', async () => {
    expect(await run(bash('git status'), 'enforce')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('in monitor mode lets the same through, saying what would have happened', async () => {
    const out = await run(bash('git push --force'), 'monitor');
    expect(decisionOf(out.stdout)).toBeNull();
    expect(out.stdout).toContain('Warden (monitor mode) would have blocked this (no-force-push)');
  });

  it('loads nothing for a call with nothing to judge', async () => {
    const loadJudge = vi.fn<JudgeLoader>();
    const out = await run(text({ hook_event_name: 'PreToolUse', tool_name: 'TodoWrite', tool_input: { todos: [] } }), 'missing', 'claude-code', loadJudge);
    expect(out).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(loadJudge).not.toHaveBeenCalled();
  });
});

describe('fail safe and say so', () => {
  it('no policy file: the mode cannot be known, so the call is refused with the reason', async () => {
    const out = await run(bash('git status'), 'missing');
    expect(decisionOf(out.stdout)).toBe('deny');
    expect(out.stdout).toContain(`no policy at ${policies.missing}: run \`warden install\``);
    expect(out.stdout).toContain('the policy mode is unknown, so it fails closed');
    expect(out.stderr).toContain('warden-unavailable');
  });

  it('an invalid policy in enforce mode refuses, naming the problem', async () => {
    const out = await run(bash('git status'), 'brokenEnforce');
    expect(decisionOf(out.stdout)).toBe('deny');
    expect(out.stdout).toMatch(/invalid policy .*brokenEnforce\.yaml:\d+:\d+: .*; enforce mode fails closed/);
  });

  it('an invalid policy that says monitor lets calls through with a warning', async () => {
    const out = await run(bash('git status'), 'brokenMonitor');
    expect(decisionOf(out.stdout)).toBeNull();
    expect(out.stdout).toContain('monitor mode lets it through');
  });

  it('an error while judging refuses in enforce mode and warns in monitor mode', async () => {
    const failing = (mode: 'enforce' | 'monitor'): JudgeLoader => () =>
      Promise.resolve({ kind: 'ready', judge: { mode, role: 'dev', evaluate: () => { throw new Error('grammar not loaded'); } } });
    const enforce = await run(bash('ls'), 'enforce', 'claude-code', failing('enforce'));
    expect(decisionOf(enforce.stdout)).toBe('deny');
    expect(enforce.stdout).toContain('error while judging: grammar not loaded');
    const monitor = await run(bash('ls'), 'monitor', 'claude-code', failing('monitor'));
    expect(decisionOf(monitor.stdout)).toBeNull();
    expect(monitor.stdout).toContain('error while judging: grammar not loaded');
  });

  it('a loader that throws still gets a deny out, not a crash', async () => {
    const out = await run(bash('ls'), 'enforce', 'claude-code', () => Promise.reject(new Error('boom')));
    expect(decisionOf(out.stdout)).toBe('deny');
    expect(out.stdout).toContain('internal error: boom');
  });

  it('a malformed payload takes the adapter\'s error path: the agent\'s own deny in enforce mode', async () => {
    const claude = await run({ kind: 'text', text: '{"tool_name": ' }, 'enforce');
    expect(decisionOf(claude.stdout)).toBe('deny');
    expect(claude.stdout).toContain('unreadable claude-code hook payload');
    const cursor = await run({ kind: 'text', text: '[]' }, 'enforce', 'cursor');
    expect(JSON.parse(cursor.stdout)).toMatchObject({ permission: 'deny' });
    const monitor = await run({ kind: 'text', text: 'not json' }, 'monitor');
    expect(decisionOf(monitor.stdout)).toBeNull();
    expect(monitor.stdout).toContain('monitor mode lets it through');
  });

  it('a payload that could not be read is refused the same way', async () => {
    const out = await run({ kind: 'error', code: 'unreadable', message: 'no complete hook payload on stdin after 10000 ms' }, 'enforce', 'gemini');
    expect(JSON.parse(out.stdout)).toMatchObject({ decision: 'deny', reason: expect.stringContaining('no complete hook payload on stdin after 10000 ms') as unknown });
  });
});

describe('the audit log before the answer', () => {
  const recorder = () => {
    const entries: AuditEntryInput[] = [];
    const record: AuditRecorder = (batch) => {
      entries.push(...batch);
      return Promise.resolve();
    };
    return { entries, record };
  };
  const withRecord = (input: HookInput, policy: string, record: AuditRecorder) =>
    runHook({ agent: 'claude-code', input, policyPath: policies[policy]!, now: 0, context: { host: 'dev-laptop' }, record, startedAt: performance.now() });

  it('records each judged call with its outcome, host and latency', async () => {
    const { entries, record } = recorder();
    await withRecord(bash('git push --force'), 'enforce', record);
    await withRecord(bash('git status'), 'enforce', record);
    await withRecord(bash('git push --force'), 'monitor', record);
    expect(entries.map((e) => [e.subject, e.outcome, e.host, e.agent, e.rule ?? null])).toEqual([
      ['git push --force', 'blocked', 'dev-laptop', 'claude-code', 'no-force-push'],
      ['git status', 'allowed', 'dev-laptop', 'claude-code', expect.anything()],
      ['git push --force', 'would_block', 'dev-laptop', 'claude-code', 'no-force-push'],
    ]);
    expect(entries.every((e) => typeof e.latencyMs === 'number' && e.latencyMs >= 0)).toBe(true);
  });

  it('records a call refused for an invalid policy, and nothing for a call with nothing to judge', async () => {
    const { entries, record } = recorder();
    await withRecord(bash('ls'), 'brokenEnforce', record);
    await withRecord(text({ hook_event_name: 'PreToolUse', tool_name: 'TodoWrite', tool_input: { todos: [] } }), 'enforce', record);
    expect(entries).toEqual([expect.objectContaining({ subject: 'ls', outcome: 'blocked', rule: 'warden-unavailable' })]);
  });

  it('passes the call\'s request id to the log, and records an unreadable payload as a hook_error entry', async () => {
    const ids: Array<string | undefined> = [];
    const { entries, record } = recorder();
    const tracking: AuditRecorder = (batch, id) => {
      ids.push(id);
      return record(batch, id);
    };
    const out = await runHook({ agent: 'claude-code', input: { kind: 'text', text: 'not json' }, policyPath: policies.enforce!, now: 0, context: { host: 'dev-laptop' }, record: tracking, requestId: 'req-0123456789abcdef' });
    expect(decisionOf(out.stdout)).toBe('deny');
    expect(ids).toEqual(['req-0123456789abcdef']);
    expect(entries).toEqual([expect.objectContaining({ type: 'hook_error', agent: 'claude-code', subject: 'not json', outcome: 'blocked', rule: 'warden-unavailable', host: 'dev-laptop' })]);
  });

  it('a call the other judge recorded first is answered no laxer than the recorded decision', async () => {
    const earlier: AuditRecorder = () => Promise.resolve({ already: [{
      seq: 7, time: '2026-01-01T00:00:00.000Z', hash: 'h', type: 'command', host: 'dev-laptop', agent: 'claude-code', session: 's1', tool: 'Bash', cwd: '/work', binary: 'git',
      subject: 'git status', arguments: null, verdict: 'block', outcome: 'blocked', severity: 'high', role: 'developer', mode: 'enforce', rule: 'policy-at-the-time', reason: 'blocked by the policy the daemon held', latencyMs: 1, findings: [],
    }] });
    const out = await runHook({ agent: 'claude-code', input: bash('git status'), policyPath: policies.enforce!, now: 0, record: earlier, requestId: 'req-0123456789abcdef' });
    expect(decisionOf(out.stdout)).toBe('deny');
    expect(out.stdout).toContain('policy-at-the-time');
    const same: AuditRecorder = () => Promise.resolve({ already: [] });
    expect(await runHook({ agent: 'claude-code', input: bash('git status'), policyPath: policies.enforce!, now: 0, record: same, requestId: 'req-0123456789abcdef' })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('an entry that cannot be written turns an allowance into a refusal in enforce mode, a warning in monitor mode', async () => {
    const failing: AuditRecorder = () => Promise.reject(new Error('disk full'));
    const enforce = await withRecord(bash('git status'), 'enforce', failing);
    expect(decisionOf(enforce.stdout)).toBe('deny');
    expect(enforce.stdout).toContain('cannot write the audit log: disk full');
    const monitor = await withRecord(bash('git status'), 'monitor', failing);
    expect(decisionOf(monitor.stdout)).toBeNull();
    expect(monitor.stdout).toContain('cannot write the audit log: disk full');
  });
});

describe('on_error', () => {
  const onError = (base: string, value: string) => {
    const file = join(dir, `on-error-${value}-${base}.yaml`);
    writeFileSync(file, readFileSync(policies[base]!, 'utf8').replace(/mode: (enforce|monitor)/, `mode: $1\n    on_error: ${value}`));
    return file;
  };
  const failing = (mode: 'enforce' | 'monitor', value: 'block' | 'allow'): JudgeLoader => () =>
    Promise.resolve({ kind: 'ready', judge: { mode, role: 'dev', onError: value, evaluate: () => { throw new Error('grammar not loaded'); } } });

  it('allow lets an enforce-mode call that cannot be judged through, with a warning', async () => {
    const out = await runHook({ agent: 'claude-code', input: bash('ls'), policyPath: policies.enforce!, now: 0, loadJudge: failing('enforce', 'allow') });
    expect(decisionOf(out.stdout)).toBeNull();
    expect(out.stdout).toContain('role dev says on_error: allow, so it goes through');
  });

  it('block refuses a monitor-mode call that cannot be judged', async () => {
    const out = await runHook({ agent: 'claude-code', input: bash('ls'), policyPath: policies.monitor!, now: 0, loadJudge: failing('monitor', 'block') });
    expect(decisionOf(out.stdout)).toBe('deny');
    expect(out.stdout).toContain('on_error: block, even in monitor mode');
  });

  it('is read from the policy file, and from a broken one as far as it says', async () => {
    const file = onError('brokenEnforce', 'allow');
    const out = await runHook({ agent: 'claude-code', input: bash('ls'), policyPath: file, now: 0 });
    expect(decisionOf(out.stdout)).toBeNull();
    expect(out.stdout).toContain('on_error: allow, so it goes through');
    const valid = onError('monitor', 'block');
    expect(decisionOf((await runHook({ agent: 'claude-code', input: { kind: 'text', text: 'not json' }, policyPath: valid, now: 0 })).stdout)).toBe('deny');
  });
});
