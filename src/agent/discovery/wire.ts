// What the control plane is sent (docs/api.md, POST /host/discoveries): one item per name, version
// and type, however many files configure it, with the findings of all of them; in a stable order,
// so that the same host state always gives the same fingerprint.
import { createHash } from 'node:crypto';
import { SEVERITIES } from '../../core/vocabulary.js';
import type { Discovered, DiscoveryType, Finding } from './types.js';

export interface WireItem {
  readonly name: string;
  readonly version?: string;
  readonly type: DiscoveryType;
  readonly findings: readonly Finding[];
}

/** The server's limits. */
export const MAX_ITEMS = 500;
const MAX_FINDINGS = 100;
const MAX_TITLE = 500;
const MAX_VERSION = 100;

const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const worstFirst = (a: Finding, b: Finding): number => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.title.localeCompare(b.title);

export function wireItems(items: readonly Discovered[]): WireItem[] {
  const byKey = new Map<string, { name: string; version?: string; type: DiscoveryType; findings: Map<string, Finding> }>();
  for (const item of items) {
    const version = item.version !== undefined ? clip(item.version, MAX_VERSION) : undefined;
    const key = JSON.stringify([item.type, item.name, version ?? null]);
    let merged = byKey.get(key);
    if (!merged) {
      merged = { name: item.name, ...(version !== undefined ? { version } : {}), type: item.type, findings: new Map() };
      byKey.set(key, merged);
    }
    for (const f of item.findings) {
      const title = clip(f.title, MAX_TITLE);
      merged.findings.set(`${f.severity}\u0000${title}`, { severity: f.severity, title });
    }
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_ITEMS)
    .map(([, m]) => ({ name: m.name, ...(m.version !== undefined ? { version: m.version } : {}), type: m.type, findings: [...m.findings.values()].sort(worstFirst).slice(0, MAX_FINDINGS) }));
}

export const fingerprint = (items: readonly WireItem[]): string => createHash('sha256').update(JSON.stringify(items)).digest('hex');
