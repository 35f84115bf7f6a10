// Policy Advisor: generate rule suggestions for a role from its hosts' audit log, list and read
// them, apply all or some of a suggestion's changes to the role, or discard it.
import { Hono } from 'hono';
import { z } from 'zod';
import type { SuggestionRecord } from '../../store/fleet/suggestions.js';
import { analyzeRole, EVIDENCE_BASIS, saveAnalysis } from '../advisor/analyze.js';
import { mergeChanges } from '../advisor/merge.js';
import { nextRunAt } from '../advisor/schedule.js';
import type { SuggestedChange } from '../advisor/types.js';
import { ApiError } from '../api-error.js';
import { orgOf, requireAdmin } from '../auth/user-auth.js';
import type { AppEnv } from '../context.js';
import { roleJson } from '../json.js';
import { patchRoleBody } from '../policy/role-input.js';
import { parseWith, readBody, readQuery } from '../validate.js';
import { checkedContent } from './role-routes.js';

const DISABLED = 'the Policy Advisor is disabled for this organization (Settings → Policy Advisor); existing suggestions stay available';

const generateBody = z.strictObject({ days: z.number().int().min(1).max(90).optional() }).optional();
const applyBody = z.strictObject({ changes: z.array(z.number().int().min(0)).max(1_000).optional() });
const listQuery = z.strictObject({ roleId: z.string().max(100).optional(), status: z.enum(['pending', 'applied', 'discarded']).optional() });

const RISK_ORDER = ['low', 'medium', 'high', 'critical'] as const;

function summaryJson(s: SuggestionRecord) {
  const changes = s.changes as SuggestedChange[];
  const confidence = changes.length ? Math.round(changes.reduce((n, c) => n + c.confidence, 0) / changes.length) : 0;
  const risk = changes.reduce<(typeof RISK_ORDER)[number]>((r, c) => (RISK_ORDER.indexOf(c.risk) > RISK_ORDER.indexOf(r) ? c.risk : r), 'low');
  return {
    id: s.id, roleId: s.roleId, roleName: s.roleName, createdAt: s.createdAt, status: s.status,
    partiallyApplied: s.status === 'applied' && s.applied !== null && s.applied.length < changes.length,
    changeCount: changes.length, adds: changes.filter((c) => c.op === 'add').length, removes: changes.filter((c) => c.op === 'remove').length, modifies: changes.filter((c) => c.op === 'modify').length, confidence, risk,
    hostCount: s.hostCount, eventCount: s.eventCount, window: s.window, decidedAt: s.decidedAt, origin: s.origin,
    evidence: EVIDENCE_BASIS,
  };
}

const detailJson = (s: SuggestionRecord) => ({ ...summaryJson(s), changes: s.changes, applied: s.applied, decidedBy: s.decidedBy });

export function suggestionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/roles/:id/suggestions', requireAdmin, async (c) => {
    const hasBody = c.req.header('content-type') !== undefined;
    const body = hasBody ? await readBody(c, generateBody) : undefined;
    const s = c.get('services');
    const orgId = orgOf(c);
    const role = await s.store.roles.get(orgId, c.req.param('id'));
    const settings = (await s.store.orgs.get(orgId)).advisor;
    if (!settings.enabled) throw new ApiError(409, 'conflict', DISABLED);
    const analysis = await analyzeRole(s.store, role, settings, { now: s.now(), ...(body?.days ? { days: body.days } : {}) });
    if (analysis.kind === 'not_enough') throw new ApiError(409, 'conflict', analysis.reason);
    return c.json(detailJson(await saveAnalysis(s.store, role, analysis, 'manual')), 201);
  });

  app.get('/advisor', async (c) => {
    const s = c.get('services');
    const org = await s.store.orgs.get(orgOf(c));
    const run = await s.store.advisorRuns.get(org.id, new Date(s.now()).toISOString());
    return c.json({ ...org.advisor, ...run, nextRunAt: run.running ? null : nextRunAt(org, run.lastStartedAt, s.now()) });
  });

  app.post('/advisor/run', requireAdmin, async (c) => {
    const s = c.get('services');
    const org = await s.store.orgs.get(orgOf(c));
    if (!org.advisor.enabled) throw new ApiError(409, 'conflict', DISABLED);
    const result = await s.advisor.runOrg(org, { due: false });
    if (result === null) throw new ApiError(409, 'conflict', 'an analysis is already running for this organization; try again when it has finished');
    return c.json(result);
  });

  app.get('/suggestions', async (c) => {
    const q = readQuery(c, listQuery);
    const list = await c.get('services').store.suggestions.list(orgOf(c), { ...(q.roleId ? { roleId: q.roleId } : {}), ...(q.status ? { status: q.status } : {}) });
    return c.json({ suggestions: list.map(summaryJson) });
  });

  app.get('/suggestions/:id', async (c) => c.json(detailJson(await c.get('services').store.suggestions.get(orgOf(c), c.req.param('id')))));

  app.post('/suggestions/:id/apply', requireAdmin, async (c) => {
    const body = await readBody(c, applyBody);
    const s = c.get('services');
    const orgId = orgOf(c);
    const suggestion = await s.store.suggestions.get(orgId, c.req.param('id'));
    if (suggestion.status !== 'pending') throw new ApiError(409, 'conflict', `the suggestion is already ${suggestion.status}`);
    const all = suggestion.changes as SuggestedChange[];
    const picked = [...new Set(body.changes ?? all.map((_, i) => i))].sort((a, b) => a - b);
    const outside = picked.find((i) => i >= all.length);
    if (outside !== undefined) throw new ApiError(400, 'invalid_request', `invalid request body: changes: no change ${outside} (the suggestion has ${all.length})`);
    if (!picked.length) throw new ApiError(400, 'invalid_request', 'invalid request body: changes: pick at least one change, or discard the suggestion');
    const current = await s.store.roles.get(orgId, suggestion.roleId);
    const merged = mergeChanges(current.spec, picked.map((i) => all[i]!));
    const skipped = merged.skipped.map((k) => ({ change: picked[k.at]!, reason: k.reason }));
    if (skipped.length === picked.length) throw new ApiError(409, 'conflict', `the role changed since the suggestion: ${skipped.map((k) => `change ${k.change}: ${k.reason}`).join('; ')}`);
    const applied = picked.filter((i) => !skipped.some((k) => k.change === i));
    const patch = parseWith(patchRoleBody, merged.spec, 'merged role');
    const content = await checkedContent(s, orgId, current, patch);
    // Deciding first is the lock: of two admins applying at once, one gets 409.
    const decided = await s.store.suggestions.decide(orgId, suggestion.id, 'applied', applied, c.get('user').id);
    let role;
    try {
      role = await s.store.roles.update(orgId, current.id, content);
    } catch (error) {
      await s.store.suggestions.reopen(orgId, suggestion.id);
      throw error;
    }
    await s.hub.changed(orgId);
    return c.json({ suggestion: detailJson(decided), role: roleJson(role), skipped });
  });

  app.post('/suggestions/:id/discard', requireAdmin, async (c) => {
    const decided = await c.get('services').store.suggestions.decide(orgOf(c), c.req.param('id'), 'discarded', null, c.get('user').id);
    return c.json(detailJson(decided));
  });

  return app;
}
