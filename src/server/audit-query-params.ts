// The audit filters of `warden audit list`, as query parameters: comma-separated lists, `high+`
// for a severity and above, times as ISO dates or times or a time ago (30m, 24h, 7d).
import { z } from 'zod';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES } from '../audit/entry.js';
import { SEVERITIES, type Severity } from '../core/vocabulary.js';
import type { FleetAuditFilter } from '../store/fleet/audit-query.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `30m`, `24h`, `7d`, `2w` in milliseconds, or null. */
export function durationMs(text: string): number | null {
  const m = /^(\d{1,7})([smhdw])$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : null;
}

function timeOf(text: string, now: number): string | null {
  const ago = durationMs(text);
  if (ago !== null) return new Date(now - ago).toISOString();
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const list = z.string().max(4_000).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

function listOf<T extends string>(allowed: readonly T[]) {
  return list.transform((items, ctx) => {
    const out = items.map((w) => w.replaceAll('-', '_'));
    for (const w of out) if (!(allowed as readonly string[]).includes(w)) ctx.addIssue({ code: 'custom', message: `unknown value "${w}" (one or more of ${allowed.join(', ')})` });
    return out as T[];
  });
}

const severities = list.transform((items, ctx) => {
  const out = new Set<Severity>();
  for (const item of items) {
    const atLeast = item.endsWith('+');
    const level = (atLeast ? item.slice(0, -1) : item) as Severity;
    const from = SEVERITIES.indexOf(level);
    if (from < 0) ctx.addIssue({ code: 'custom', message: `unknown severity "${item}" (${SEVERITIES.join(', ')}, or e.g. high+)` });
    else for (const s of atLeast ? SEVERITIES.slice(from) : [level]) out.add(s);
  }
  return [...out];
});

const time = z.string().max(100);

export const auditFilterQuery = {
  severity: severities.optional(),
  type: listOf(AUDIT_EVENT_TYPES).optional(),
  decision: listOf(AUDIT_OUTCOMES).optional(),
  host: list.optional(),
  hostId: list.optional(),
  binary: list.optional(),
  agent: list.optional(),
  session: z.string().max(500).optional(),
  since: time.optional(),
  until: time.optional(),
};

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(1_000).default(50),
  cursor: z.string().max(500).optional(),
};

type FilterQuery = { [K in keyof typeof auditFilterQuery]?: z.infer<(typeof auditFilterQuery)[K]> };

export function fleetFilter(q: FilterQuery, now: number): FleetAuditFilter | { error: string } {
  const since = q.since === undefined ? undefined : timeOf(q.since, now);
  const until = q.until === undefined ? undefined : timeOf(q.until, now);
  if (since === null) return { error: `since: not an ISO date or time or a time ago: ${q.since}` };
  if (until === null) return { error: `until: not an ISO date or time or a time ago: ${q.until}` };
  const f: FleetAuditFilter = {
    ...(q.severity?.length ? { severities: q.severity } : {}),
    ...(q.type?.length ? { types: q.type } : {}),
    ...(q.decision?.length ? { outcomes: q.decision } : {}),
    ...(q.host?.length ? { hosts: q.host } : {}),
    ...(q.hostId?.length ? { hostIds: q.hostId } : {}),
    ...(q.binary?.length ? { binaries: q.binary } : {}),
    ...(q.agent?.length ? { agents: q.agent } : {}),
    ...(q.session ? { session: q.session } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
  return f;
}
