import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../../core/decision.js';
import { ApprovalQueue, approvalsFile } from '../../../store/approvals/approval-queue.js';
import type { HeldCall } from '../session-types.js';
import { ApprovalHolder } from './approval-holder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function queues(): { holderSide: ApprovalQueue; deciderSide: ApprovalQueue; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-approvals-'));
  dirs.push(dir);
  const file = approvalsFile(join(dir, 'home'));
  // Two connections to one file, as the gateway and `warden approvals` in two processes.
  return { holderSide: ApprovalQueue.open(file), deciderSide: ApprovalQueue.open(file), file };
}

const decision = { verdict: 'ask', outcome: 'held', severity: 'medium', mode: 'enforce', role: 'dev', rule: 'ask-sum', reason: 'needs a person', findings: [], commands: [] } as unknown as Decision;
const call = (args: unknown = { a: 1, token: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }): HeldCall => ({
  id: 1, decision, event: { kind: 'mcp_tool_call', server: 'everything', tool: 'get-sum', arguments: args, context: { session: 's-1' } },
});

describe('ApprovalHolder over the shared queue', () => {
  it('waits for a decision made through another connection and answers with who, when and why', async () => {
    const { holderSide, deciderSide, file } = queues();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    const holder = new ApprovalHolder({ queue: holderSide, holder: 'test', timeoutMs: 60_000, pollMs: 10 });
    const answer = holder.hold(call());
    const [row] = deciderSide.list({ status: 'pending' });
    expect(row).toMatchObject({ subject: 'everything/get-sum', reason: 'needs a person', rule: 'ask-sum', session: 's-1', holder: 'test' });
    // Stored arguments are redacted.
    expect(JSON.stringify(row!.arguments)).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    deciderSide.decide(row!.id, 'approved', 'alice@host', 'fine');
    expect(await answer).toEqual({ answer: 'approved', note: expect.stringMatching(new RegExp(`^approved by alice@host at \\d{4}-.*: fine \\(approval ${row!.id}\\)$`)) as unknown });
    expect(() => deciderSide.decide(row!.id, 'rejected', 'bob@host')).toThrow(/already approved by alice@host/);
    expect(holder.pending).toBe(0);
  });

  it('rejects when the time is up, and the late decision is refused', async () => {
    const { holderSide, deciderSide } = queues();
    const holder = new ApprovalHolder({ queue: holderSide, holder: 'test', timeoutMs: 1_000, pollMs: 10 });
    const answer = await holder.hold(call());
    expect(answer).toMatchObject({ answer: 'rejected', note: expect.stringMatching(/no one approved it within 1 s/) as unknown });
    const [row] = deciderSide.list({ status: 'expired' });
    expect(() => deciderSide.decide(row!.id, 'approved', 'alice@host')).toThrow(/already expired by warden/);
  });

  it('withdraws the call when the caller goes away, and on close', async () => {
    const { holderSide, deciderSide } = queues();
    const holder = new ApprovalHolder({ queue: holderSide, holder: 'test', timeoutMs: 60_000, pollMs: 10 });
    const abort = new AbortController();
    const first = holder.hold(call(), { signal: abort.signal });
    abort.abort();
    expect(await first).toMatchObject({ answer: 'rejected', note: expect.stringMatching(/withdrawn before a decision: the client went away/) as unknown });
    const second = holder.hold(call());
    holder.close('stopping');
    expect(await second).toMatchObject({ answer: 'rejected', note: expect.stringMatching(/withdrawn before a decision: stopping/) as unknown });
    expect(deciderSide.list({ status: 'withdrawn' })).toHaveLength(2);
    expect(() => deciderSide.decide('h-nosuch', 'approved', 'x')).toThrow(/no held call with id h-nosuch/);
  });
});
