// Groups audit events into clusters: commands by binary and subcommand (the first word after the
// binary that is not a flag), MCP calls by server/tool.
import type { AdvisorEvent, Cluster } from './types.js';

const SAFE_WORD = /^[A-Za-z0-9_.:@+-]+$/;

/** `git status *` for `git status -s`; `ls *` when the command has no subcommand word. */
export function commandRuleOf(e: AdvisorEvent): string | null {
  const words = e.subject.trim().split(/\s+/).filter((w) => w.length > 0);
  const binary = e.binary ?? words[0] ?? null;
  if (binary === null || !SAFE_WORD.test(binary)) return null;
  const at = words.findIndex((w) => w === binary || w.endsWith(`/${binary}`));
  const rest = at < 0 ? words.slice(1) : words.slice(at + 1);
  const sub = rest[0];
  if (sub !== undefined && !sub.startsWith('-') && SAFE_WORD.test(sub)) return `${binary} ${sub} *`;
  return `${binary} *`;
}

/** `server/tool` when the subject names one, else null. */
export function mcpRuleOf(e: AdvisorEvent): string | null {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(e.subject.trim());
  return m ? `${m[1]}/${m[2]}` : null;
}

interface Acc {
  kind: 'command' | 'mcp';
  rule: string;
  sample: string;
  count: number;
  sessions: Set<string>;
  hosts: Set<string>;
  highFindings: number;
  criticalFindings: number;
  blocked: number;
}

const HIGH = new Set(['high', 'critical']);

export function clusterEvents(events: Iterable<AdvisorEvent>): Cluster[] {
  const byKey = new Map<string, Acc>();
  for (const e of events) {
    const kind = e.type === 'command' ? 'command' : e.type === 'mcp_tool_call' ? 'mcp' : null;
    if (kind === null) continue;
    const rule = kind === 'command' ? commandRuleOf(e) : mcpRuleOf(e);
    if (rule === null) continue;
    const key = `${kind}\u0000${rule}`;
    let acc = byKey.get(key);
    if (!acc) {
      acc = { kind, rule, sample: e.subject, count: 0, sessions: new Set(), hosts: new Set(), highFindings: 0, criticalFindings: 0, blocked: 0 };
      byKey.set(key, acc);
    }
    acc.count++;
    acc.sessions.add(`${e.hostId}\u0000${e.session ?? ''}`);
    acc.hosts.add(e.hostId);
    const severities = [e.severity, ...e.findings.map((f) => f.severity)];
    if (severities.includes('critical')) acc.criticalFindings++;
    else if (severities.some((s) => HIGH.has(s))) acc.highFindings++;
    if (e.outcome === 'blocked' || e.outcome === 'would_block') acc.blocked++;
  }
  return [...byKey.values()]
    .map((a) => ({ kind: a.kind, rule: a.rule, sample: a.sample, count: a.count, sessions: a.sessions.size, hosts: a.hosts.size, highFindings: a.highFindings, criticalFindings: a.criticalFindings, blocked: a.blocked }))
    .sort((x, y) => y.count - x.count || (x.rule < y.rule ? -1 : 1));
}
