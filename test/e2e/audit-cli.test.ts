// The audit commands through the built CLI, on a log written by the library as the daemon will.
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { checkpointCopyFile } from '../../src/audit/checkpoint-copy.js';
import type { AuditEntryInput } from '../../src/audit/entry.js';
import { loadOrCreateHostKey } from '../../src/audit/host-key.js';
import { auditPaths } from '../../src/audit/paths.js';
import { SqliteAuditStore } from '../../src/store/sqlite/sqlite-audit-store.js';
import { sandbox, type Sandbox } from './run-cli.js';

const DAY = 86_400_000;
const NOW = Date.now();
const TOKEN = 'ghp_' + 'Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5N';

const entries: { ageMs: number; entry: AuditEntryInput }[] = [
  { ageMs: 200 * DAY, entry: { type: 'command', host: 'dev-1', agent: 'cursor', binary: 'ls', subject: 'ls -la', verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok' } },
  { ageMs: 150 * DAY, entry: { type: 'command', host: 'dev-1', agent: 'cursor', binary: 'rm', subject: 'rm -rf build', verdict: 'block', outcome: 'blocked', severity: 'high', rule: 'no-rm-rf', reason: 'recursive delete' } },
  { ageMs: 10 * DAY, entry: { type: 'command', host: 'prod-1', agent: 'claude-code', binary: 'git', subject: 'git push --force origin main', verdict: 'block', outcome: 'blocked', severity: 'critical', rule: 'no-force-push', reason: 'force push' } },
  { ageMs: 5 * DAY, entry: { type: 'mcp_tool_call', host: 'prod-1', agent: 'claude-code', subject: 'fs/write_file', arguments: { path: '/etc/hosts', token: TOKEN }, verdict: 'ask', outcome: 'held', severity: 'medium', rule: 'fs-writes', reason: 'needs approval' } },
  { ageMs: 2 * 3_600_000, entry: { type: 'command', host: 'dev-2', agent: 'claude-code', binary: 'curl', subject: `curl -H "Authorization: token ${TOKEN}" https://api.example.com`, verdict: 'flag', outcome: 'allowed', severity: 'low', reason: 'credential in a command', findings: [{ rule: 'secrets.header', severity: 'low', verdict: 'flag', title: 'Credential in a header' }] } },
  { ageMs: 3_600_000, entry: { type: 'command', host: 'dev-2', agent: 'gemini-cli', binary: 'terraform', subject: 'terraform apply', verdict: 'block', outcome: 'would_block', mode: 'monitor', severity: 'high', rule: 'no-apply', reason: 'monitor mode' } },
  { ageMs: 60_000, entry: { type: 'web_request', host: 'dev-2', agent: 'claude-code', subject: 'https://example.com', verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok' } },
];

let box: Sandbox;
const paths = () => auditPaths(box.wardenHome);

async function writeLog(): Promise<void> {
  const store = await SqliteAuditStore.open(paths().db);
  let clock = NOW;
  const log = await AuditLog.open(store, loadOrCreateHostKey(paths().keysDir), { clock: () => clock, checkpointEvery: 3, checkpointCopy: checkpointCopyFile(paths().checkpointCopy) });
  for (const { ageMs, entry } of entries) {
    clock = NOW - ageMs;
    await log.append(entry);
  }
  clock = NOW;
  await log.close();
  await store.close();
}

interface Listed { seq: number; outcome: string; severity: string; type: string; host: string; subject: string; arguments: unknown }
const listJson = (...args: string[]): Listed[] => {
  const r = box.run(['audit', 'list', '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Listed[];
};
const seqs = (...args: string[]): number[] => listJson(...args).map((e) => e.seq);

beforeAll(() => { box = sandbox(); });
afterAll(() => { if (box) box.remove(); });

describe('warden audit, before any log exists', () => {
  it('list, export and verify say there is nothing, and create nothing', () => {
    expect(box.run(['audit', 'list'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/no audit log at .*audit\.db yet/) as unknown });
    expect(box.run(['audit', 'list', '--json']).stdout.trim()).toBe('[]');
    expect(JSON.parse(box.run(['audit', 'export', '--format', 'json']).stdout)).toEqual([]);
    expect(box.run(['audit', 'verify'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/nothing to verify/) as unknown });
    expect(existsSync(paths().db)).toBe(false);
  });
});

describe('warden audit, on a log', () => {
  beforeAll(writeLog);

  it('lists the newest entries first, with a count', () => {
    const r = box.run(['audit', 'list']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/#7 .* ALLOWED .* web_request .* dev-2 claude-code .* https:\/\/example\.com/);
    expect(lines[1]).toMatch(/#6 .* WOULD_BLOCK .* terraform apply .*\[no-apply\]/);
    expect(lines[7]).toBe('7 matching entries');
  });

  it('never shows a secret: it was redacted before it was stored', () => {
    const all = box.run(['audit', 'list', '--json']).stdout + box.run(['audit', 'export', '--format', 'csv']).stdout;
    expect(all).not.toContain(TOKEN);
    expect(all).toContain('[REDACTED:');
  });

  it('filters by outcome, severity, type, host, binary, agent and time', () => {
    expect(seqs('--decision', 'blocked')).toEqual([3, 2]);
    expect(seqs('--decision', 'blocked,held,would-block')).toEqual([6, 4, 3, 2]);
    expect(seqs('--severity', 'high+')).toEqual([6, 3, 2]);
    expect(seqs('--severity', 'low,medium')).toEqual([5, 4]);
    expect(seqs('--type', 'mcp_tool_call')).toEqual([4]);
    expect(seqs('--host', 'prod-1')).toEqual([4, 3]);
    expect(seqs('--binary', 'git,curl')).toEqual([5, 3]);
    expect(seqs('--agent', 'claude-code', '--decision', 'allowed')).toEqual([7, 5]);
    expect(seqs('--since', '24h')).toEqual([7, 6, 5]);
    expect(seqs('--since', '30d', '--until', '1d')).toEqual([4, 3]);
    expect(seqs('--until', new Date(NOW - 100 * DAY).toISOString().slice(0, 10))).toEqual([2, 1]);
    expect(seqs('--limit', '2')).toEqual([7, 6]);
    const [held] = listJson('--decision', 'held');
    expect(held).toMatchObject({ seq: 4, type: 'mcp_tool_call', host: 'prod-1', subject: 'fs/write_file', arguments: { path: '/etc/hosts' } });
  });

  it('refuses bad filters with exit 1 and a clear message', () => {
    expect(box.run(['audit', 'list', '--decision', 'exploded'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/--decision: unknown value "exploded"/) as unknown });
    expect(box.run(['audit', 'list', '--since', 'yesterday'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/--since wants an ISO date/) as unknown });
    expect(box.run(['audit', 'list', '--limit', '0'])).toMatchObject({ status: 1 });
    expect(box.run(['audit', 'export', '--format', 'xml']).status).toBe(1);
    expect(box.run(['audit', 'export']).status).toBe(1);
  });

  it('exports csv, json and ndjson with the same filters', () => {
    const csv = box.run(['audit', 'export', '--format', 'csv', '--decision', 'blocked']);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(csv.stdout).toMatch(/^seq,time,type,host,agent/);
    const json = JSON.parse(box.run(['audit', 'export', '--format', 'json', '--host', 'dev-2']).stdout) as { seq: number }[];
    expect(json.map((e) => e.seq)).toEqual([5, 6, 7]);
    const ndjson = box.run(['audit', 'export', '--format', 'ndjson', '--limit', '2']).stdout.trimEnd().split('\n');
    expect(ndjson.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([6, 7]);
  });

  it('exports valid SARIF 2.1.0 to a private file', () => {
    const out = join(box.dir, 'warden.sarif');
    expect(box.run(['audit', 'export', '--format', 'sarif', '--output', out])).toMatchObject({ status: 0, stdout: '' });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { tool: { driver: { name: string; version: string } }; results: { ruleId: string; level: string }[] }[] };
    const schemaFile = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new AjvDraft04.default({ strict: false, unicodeRegExp: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'Warden', version: '0.1.0' });
    expect(log.runs[0]!.results.map((r) => `${r.ruleId}:${r.level}`)).toEqual(['no-rm-rf:error', 'no-force-push:error', 'fs-writes:warning', 'secrets.header:note', 'no-apply:error']);
  });

  it('verifies the log', () => {
    const r = box.run(['audit', 'verify']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/audit\.db: ok, 7 entries \(1\.\.7\) verified\n5 signed checkpoints, the last at entry 7\n$/);
    expect(JSON.parse(box.run(['audit', 'verify', '--json']).stdout)).toMatchObject({ ok: true, checked: 7, lastSeq: 7 });
  });

  it('prunes entries older than an age, and what is left still verifies', () => {
    expect(box.run(['audit', 'prune', '--older-than', '90d'])).toMatchObject({ status: 0, stdout: 'pruned 2 entries older than 90d (up to entry 2); the rest chains from a signed anchor\n' });
    expect(box.run(['audit', 'prune', '--older-than', '90d']).stdout).toBe('no entries older than 90d\n');
    expect(box.run(['audit', 'prune', '--older-than', 'ninety']).status).toBe(1);
    expect(seqs()).toEqual([7, 6, 5, 4, 3]);
    const r = box.run(['audit', 'verify']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok, 5 entries \(3\.\.7\) verified/);
    expect(r.stdout).toMatch(/entries up to 2 were pruned/);
  });

  it('keeps its state private', () => {
    expect(statSync(paths().db).mode & 0o777).toBe(0o600);
    expect(statSync(paths().keysDir).mode & 0o777).toBe(0o700);
    expect(statSync(paths().privateKey).mode & 0o777).toBe(0o600);
    expect(statSync(paths().checkpointCopy).mode & 0o777).toBe(0o600);
  });

  it('exits 2 naming the first bad entry when the database was changed', () => {
    const db = new Database(paths().db);
    db.prepare("UPDATE audit_entries SET subject = 'git status' WHERE seq = 3").run();
    db.close();
    const r = box.run(['audit', 'verify']);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/TAMPERED at entry 3 \(hash_mismatch\): entry 3 does not match its hash/);
    expect(JSON.parse(box.run(['audit', 'verify', '--json']).stdout)).toMatchObject({ ok: false, firstBad: { seq: 3, problem: 'hash_mismatch' } });
  });

  it('exits 2 when the database is gone but a signed checkpoint says it existed', () => {
    for (const f of [paths().db, `${paths().db}-wal`, `${paths().db}-shm`]) rmSync(f, { force: true });
    const r = box.run(['audit', 'verify']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the audit log is gone, but a checkpoint signed entry 7/);
  });

  it('exits 1 when there is no public key to verify with', async () => {
    await writeLog();
    expect(box.run(['audit', 'verify', '--public-key', join(box.dir, 'missing.pem')])).toMatchObject({ status: 1, stderr: expect.stringMatching(/no public key at .*missing\.pem/) as unknown });
  });
});
