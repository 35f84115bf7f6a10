import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openHostAuditLog } from '../../store/host-audit-log.js';
import { SqliteAuditStore } from '../../store/sqlite/sqlite-audit-store.js';
import { auditRecorder } from './audit-recorder.js';
import { JsonlLog } from './jsonl-log.js';
import type { SessionRecord } from './session-types.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJklmnopqr';

it('records calls in the real audit log and the JSONL file, secrets redacted and huge arguments clipped', async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-recorder-'));
  const host = await openHostAuditLog(join(dir, 'home'));
  const jsonl = JsonlLog.open(join(dir, 'proxy.jsonl'));
  const recorder = auditRecorder({ server: 'fs', audit: host.log, jsonl, host: 'test-host', clock: () => Date.UTC(2026, 0, 1) });
  const record: SessionRecord = {
    kind: 'call', id: 7, outcome: 'blocked', because: 'policy', judgedMs: 0.25,
    event: { kind: 'mcp_tool_call', server: 'fs', tool: 'write_file', arguments: { path: '/tmp/x', content: 'x'.repeat(10_000_000), token: TOKEN }, context: { agent: 'claude-code' } },
    decision: { verdict: 'block', outcome: 'blocked', mode: 'enforce', severity: 'high', role: 'dev', rule: 'no-writes', reason: 'no writes here', commands: [], findings: [] },
  };
  await recorder.record(record);
  await recorder.record({ kind: 'invalid', from: 'client', error: 'not valid JSON', outcome: 'blocked', bytes: 12 });
  jsonl.close();
  await host.close();

  const store = await SqliteAuditStore.open(host.paths.db);
  const { records } = await store.query({}, { limit: 10, cursor: null });
  await store.close();
  const call = records.find((r) => r.type === 'mcp_tool_call')!;
  expect(call).toMatchObject({ subject: 'fs/write_file', outcome: 'blocked', rule: 'no-writes', host: 'test-host', agent: 'claude-code', latencyMs: 0.25 });
  const stored = JSON.stringify(call.arguments);
  expect(stored).not.toContain(TOKEN);
  expect(stored.length).toBeLessThan(5_000);
  expect(stored).toMatch(/9997952 more characters/);
  expect(records.find((r) => r.type === 'integrity')).toMatchObject({ outcome: 'blocked', subject: 'MCP server fs: unjudgeable message from the client' });

  const lines = readFileSync(join(dir, 'proxy.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines[0]).toMatchObject({ ts: '2026-01-01T00:00:00.000Z', type: 'tools/call', server: 'fs', tool: 'write_file', id: 7, policy: 'blocked', blocked_by: 'policy', rule: 'no-writes' });
  expect(JSON.stringify(lines[0])).not.toContain(TOKEN);
  expect(lines[1]).toMatchObject({ type: 'invalid_message', from: 'client', policy: 'blocked' });
  expect(statSync(join(dir, 'proxy.jsonl')).mode & 0o777).toBe(0o600);
});
