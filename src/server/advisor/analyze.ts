// One analysis of one role: read its hosts' commands and MCP calls over the window, check there is
// enough observation, and propose the changes at or above the org's confidence threshold. Used by
// the route an admin calls and by the analysis schedule. Only Monitor mode activity counts (entries
// recorded with mode `monitor`), and of each host only what it recorded since it was assigned to
// the role: a host moved from another role brings none of its old activity along.
import type { FleetEntry } from '../../store/fleet/audit-query.js';
import type { FleetStore } from '../../store/fleet/fleet-store.js';
import type { SuggestionOrigin, SuggestionRecord } from '../../store/fleet/suggestions.js';
import type { AdvisorSettings, RoleRecord } from '../../store/fleet/types.js';
import { clusterEvents } from './cluster.js';
import { unusedRuleChanges } from './review.js';
import { suggestChanges } from './suggest.js';
import type { SuggestedChange } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The window read when none is asked for. */
export const DEFAULT_WINDOW_DAYS = 7;
/** The most events one analysis reads, newest first. */
const MAX_EVENTS = 200_000;
const TYPES = ['command', 'mcp_tool_call'] as const;
/** The role mode whose activity the advisor learns from. */
const OBSERVED_MODES = ['monitor'] as const;
/** What every suggestion's evidence is, given once with it (`evidence` in the API). */
export const EVIDENCE_BASIS = 'Evidence: Monitor mode activity only, of each host since it was assigned to this role.';

export type Analysis =
  | { readonly kind: 'changes'; readonly changes: SuggestedChange[]; readonly hostCount: number; readonly eventCount: number; readonly window: { since: string; until: string } }
  | { readonly kind: 'not_enough'; readonly reason: string };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function analyzeRole(store: FleetStore, role: RoleRecord, settings: AdvisorSettings, o: { now: number; days?: number }): Promise<Analysis> {
  const hosts = (await store.hosts.list(role.orgId)).filter((h) => h.roleId === role.id || (role.isDefault && h.roleId === null));
  if (!hosts.length) return { kind: 'not_enough', reason: 'no host is assigned to this role yet' };
  const hostIds = hosts.map((h) => h.id);
  const assignedAt = new Map(hosts.map((h) => [h.id, h.roleAssignedAt]));
  const first = await store.firstActivity(role.orgId, hosts.map((h) => ({ hostId: h.id, since: h.roleAssignedAt })), TYPES, OBSERVED_MODES);
  const observedHours = first === null ? 0 : Math.max(0, Math.floor((o.now - Date.parse(first)) / HOUR_MS));
  if (observedHours < settings.minObservationHours) {
    return { kind: 'not_enough', reason: `not enough observation yet: the role's hosts have ${plural(observedHours, 'hour')} of Monitor mode activity since they were assigned to it, the organization's minimum observation is ${plural(settings.minObservationHours, 'hour')}` };
  }
  const days = o.days ?? DEFAULT_WINDOW_DAYS;
  const until = new Date(o.now);
  const since = new Date(o.now - days * DAY_MS);
  const events: FleetEntry[] = [];
  const earliest = hosts.reduce((t, h) => (h.roleAssignedAt < t ? h.roleAssignedAt : t), until.toISOString());
  const from = earliest > since.toISOString() ? earliest : since.toISOString();
  for await (const e of store.iterateAudit(role.orgId, { hostIds, types: [...TYPES], modes: [...OBSERVED_MODES], since: from, until: until.toISOString() })) {
    if (e.time < (assignedAt.get(e.hostId) ?? from)) continue;
    events.push(e);
    if (events.length >= MAX_EVENTS) break;
  }
  const changes = [...suggestChanges(clusterEvents(events), role.spec), ...unusedRuleChanges(events, role.spec, days)]
    .filter((ch) => ch.confidence >= settings.confidenceThreshold);
  return { kind: 'changes', changes, hostCount: hosts.length, eventCount: events.length, window: { since: since.toISOString(), until: until.toISOString() } };
}

const changeKey = (c: SuggestedChange): string => JSON.stringify([c.op, c.kind, c.rule, c.action, 'target' in c ? c.target.rule : null]);

/** True when the pending suggestion proposes exactly these changes (a new one would only repeat it). */
export function sameChanges(pending: SuggestionRecord, changes: readonly SuggestedChange[]): boolean {
  const a = (pending.changes as SuggestedChange[]).map(changeKey).sort();
  const b = changes.map(changeKey).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

export function saveAnalysis(store: FleetStore, role: RoleRecord, a: Extract<Analysis, { kind: 'changes' }>, origin: SuggestionOrigin): Promise<SuggestionRecord> {
  return store.suggestions.create(role.orgId, { roleId: role.id, origin, changes: a.changes, window: a.window, hostCount: a.hostCount, eventCount: a.eventCount });
}
