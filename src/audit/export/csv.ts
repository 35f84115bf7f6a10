// CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, quote or
// line break. Recorded text is whatever agents ran, so a text cell that a spreadsheet would take
// for a formula (starting with = + - @ tab or CR) is prefixed with an apostrophe.
import type { AuditRecord } from '../entry.js';

export const CSV_COLUMNS = [
  'seq', 'time', 'type', 'host', 'agent', 'session', 'tool', 'cwd', 'binary', 'subject', 'arguments',
  'verdict', 'outcome', 'severity', 'role', 'mode', 'rule', 'reason', 'latency_ms', 'findings', 'hash',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(',')}\r\n`;

export function csvRow(r: AuditRecord): string {
  const values: (string | number | null)[] = [
    r.seq, r.time, r.type, r.host, r.agent, r.session, r.tool, r.cwd, r.binary, r.subject,
    r.arguments === null ? null : JSON.stringify(r.arguments),
    r.verdict, r.outcome, r.severity, r.role, r.mode, r.rule, r.reason, r.latencyMs,
    r.findings.length ? r.findings.map((f) => `${f.rule}:${f.severity}`).join(' ') : null,
    r.hash,
  ];
  return `${values.map(cell).join(',')}\r\n`;
}
