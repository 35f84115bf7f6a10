// The filter flags shared by `warden audit list` and `warden audit export`, and the time and
// duration words they accept.
import { Option, type Command } from 'commander';
import type { AuditFilter } from '../../audit/audit-store.js';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES } from '../../audit/entry.js';
import { UsageError } from '../../core/errors.js';
import { SEVERITIES, type Severity } from '../../core/vocabulary.js';

export interface FilterOptions {
  decision?: string;
  severity?: string;
  type?: string;
  host?: string;
  binary?: string;
  agent?: string;
  since?: string;
  until?: string;
  limit?: string;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `30m`, `24h`, `7d`, `2w` in milliseconds, or null when the text is not one. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,7})([smhdw])$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : null;
}

/** An ISO 8601 date or time (a date alone is midnight UTC), or a duration meaning that long ago. */
export function parseTime(text: string, flag: string, now: number): string {
  const ago = parseDuration(text);
  if (ago !== null) return new Date(now - ago).toISOString();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text.trim();
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`${flag} wants an ISO date or time (2025-01-31, 2025-01-31T12:00:00Z) or a time ago (30m, 24h, 7d), not "${text}"`);
  return new Date(ms).toISOString();
}

const list = (text: string | undefined): string[] | undefined => {
  const items = text?.split(',').map((s) => s.trim()).filter(Boolean);
  return items && items.length ? items : undefined;
};

function words<T extends string>(text: string | undefined, allowed: readonly T[], flag: string): T[] | undefined {
  const items = list(text)?.map((w) => w.replaceAll('-', '_'));
  for (const w of items ?? []) if (!(allowed as readonly string[]).includes(w)) throw new UsageError(`${flag}: unknown value "${w}" (one or more of ${allowed.join(', ')})`);
  return items as T[] | undefined;
}

/** Severities, where `high+` means high and everything above it. */
function severities(text: string | undefined): Severity[] | undefined {
  const out = new Set<Severity>();
  for (const item of list(text) ?? []) {
    const atLeast = item.endsWith('+');
    const [level] = words(atLeast ? item.slice(0, -1) : item, SEVERITIES, '--severity') ?? [];
    if (level === undefined) continue;
    const from = SEVERITIES.indexOf(level);
    for (const s of atLeast ? SEVERITIES.slice(from) : [level]) out.add(s);
  }
  return out.size ? [...out] : undefined;
}

export function parseLimit(text: string | undefined, fallback: number | null): number | null {
  if (text === undefined) return fallback;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n > 0)) throw new UsageError(`--limit wants a positive whole number, not "${text}"`);
  return n;
}

export function parseFilter(o: FilterOptions, now = Date.now()): AuditFilter {
  const since = o.since === undefined ? undefined : parseTime(o.since, '--since', now);
  const until = o.until === undefined ? undefined : parseTime(o.until, '--until', now);
  if (since !== undefined && until !== undefined && since >= until) throw new UsageError(`--since ${o.since} is not before --until ${o.until}`);
  const filter: AuditFilter = {
    outcomes: words(o.decision, AUDIT_OUTCOMES, '--decision'),
    severities: severities(o.severity),
    types: words(o.type, AUDIT_EVENT_TYPES, '--type'),
    hosts: list(o.host),
    binaries: list(o.binary),
    agents: list(o.agent),
    since,
    until,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--decision <outcomes>', `outcome, or several joined by commas: ${AUDIT_OUTCOMES.join(', ')}`))
    .addOption(new Option('--severity <levels>', `${SEVERITIES.join(', ')}; "high+" means high and above`))
    .addOption(new Option('--type <kinds>', `event kind(s): ${AUDIT_EVENT_TYPES.join(', ')}`))
    .option('--host <names>', 'host name(s), joined by commas')
    .option('--binary <names>', 'program(s) a command ran, e.g. git,curl')
    .option('--agent <names>', 'agent(s), e.g. claude-code,cursor')
    .option('--since <time>', 'from this time: ISO date or time, or a time ago (30m, 24h, 7d)')
    .option('--until <time>', 'before this time: ISO date or time, or a time ago')
    .option('--limit <n>', 'at most this many entries, the most recent ones');
}
