// SARIF 2.1.0: one run of the tool "Warden", one result per entry that policy or detection
// objected to (blocked, would_block, held, denied, or flagged), the rules they name listed once.
import type { Severity } from '../../core/vocabulary.js';
import { recordJson } from './record-json.js';
import type { AuditRecord } from '../entry.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The rule id of a decision made by a role's default rather than a rule. */
export const DEFAULT_RULE_ID = 'warden.role-default';

const OBJECTIONS = new Set(['blocked', 'would_block', 'held', 'denied']);

export const isSarifResult = (r: AuditRecord): boolean => OBJECTIONS.has(r.outcome) || r.verdict === 'flag';

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

/** GitHub's `security-severity`, a CVSS-like score per severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

const MAX_SUBJECT = 500;
const shorten = (s: string): string => (s.length > MAX_SUBJECT ? `${s.slice(0, MAX_SUBJECT - 1)}…` : s);

export const sarifRuleId = (r: AuditRecord): string => r.rule ?? r.findings[0]?.rule ?? DEFAULT_RULE_ID;

export function sarifResult(r: AuditRecord, ruleIndex: number): Record<string, unknown> {
  return {
    ruleId: sarifRuleId(r),
    ruleIndex,
    level: sarifLevel(r.severity),
    message: { text: `${r.outcome}: ${shorten(r.subject)} (${r.reason})` },
    partialFingerprints: { 'wardenAuditHash/v1': r.hash },
    // Everything else about the entry, as the JSON export writes it (arguments are redacted already).
    properties: recordJson(r),
  };
}

/** Rules in the order results first named them, each with the highest severity seen. */
export class SarifRules {
  private readonly rules = new Map<string, { index: number; severity: Severity; title: string }>();

  indexOf(r: AuditRecord): number {
    const id = sarifRuleId(r);
    const known = this.rules.get(id);
    const title = r.rule === null ? (r.findings.find((f) => f.rule === id)?.title ?? (id === DEFAULT_RULE_ID ? "Decided by the role's default" : id)) : id;
    if (known) {
      if (RANK[r.severity] > RANK[known.severity]) known.severity = r.severity;
      return known.index;
    }
    this.rules.set(id, { index: this.rules.size, severity: r.severity, title });
    return this.rules.size - 1;
  }

  toJson(): Record<string, unknown>[] {
    return [...this.rules].map(([id, rule]) => ({
      id,
      shortDescription: { text: rule.title },
      defaultConfiguration: { level: sarifLevel(rule.severity) },
      properties: { 'security-severity': SECURITY_SEVERITY[rule.severity], severity: rule.severity },
    }));
  }
}
