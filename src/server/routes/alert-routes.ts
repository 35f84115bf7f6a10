// Alerts and plugin approvals: list, and what people decide about them.
import { Hono } from 'hono';
import { z } from 'zod';
import { SEVERITIES } from '../../core/vocabulary.js';
import type { AlertKind, AlertRecord, AlertStatus, ApprovalRecord, ApprovalStatus } from '../../store/fleet/types.js';
import { orgOf, requireAdmin } from '../auth/user-auth.js';
import type { AppEnv } from '../context.js';
import { pageQuery } from '../audit-query-params.js';
import { readBody, readQuery } from '../validate.js';

const ALERT_STATUSES = ['open', 'acknowledged', 'escalated', 'resolved'] as const satisfies readonly AlertStatus[];
const ALERT_KINDS = ['policy', 'integrity', 'plugin'] as const satisfies readonly AlertKind[];
const APPROVAL_STATUSES = ['pending', 'approved', 'blocked', 'dismissed'] as const satisfies readonly ApprovalStatus[];

const csv = <T extends string>(values: readonly [T, ...T[]]) => z.string().max(500).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(z.enum(values)));

const alertQuery = z.strictObject({ status: csv(ALERT_STATUSES).optional(), kind: csv(ALERT_KINDS).optional(), severity: csv(SEVERITIES).optional(), hostId: z.string().max(100).optional(), ...pageQuery });
const approvalQuery = z.strictObject({ status: csv(APPROVAL_STATUSES).optional() });
const emptyBody = z.strictObject({});

const alertJson = ({ orgId: _o, ...a }: AlertRecord) => a;
const approvalJson = ({ orgId: _o, ...a }: ApprovalRecord) => a;

/** A body is optional on these actions; when given it must be an empty object. */
async function noBody(c: Parameters<typeof readBody>[0]): Promise<void> {
  if (c.req.header('content-type')) await readBody(c, emptyBody);
}

export function alertRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/alerts', async (c) => {
    const q = readQuery(c, alertQuery);
    const page = await c.get('services').store.alerts.list(orgOf(c), {
      ...(q.status ? { statuses: q.status } : {}), ...(q.kind ? { kinds: q.kind } : {}), ...(q.severity ? { severities: q.severity } : {}), ...(q.hostId ? { hostId: q.hostId } : {}),
    }, { limit: q.limit, cursor: q.cursor ?? null });
    return c.json({ alerts: page.alerts.map(alertJson), nextCursor: page.nextCursor });
  });

  const actions = { acknowledge: 'acknowledged', escalate: 'escalated', resolve: 'resolved' } as const;
  for (const [action, status] of Object.entries(actions)) {
    app.post(`/alerts/:id/${action}`, requireAdmin, async (c) => {
      await noBody(c);
      return c.json(alertJson(await c.get('services').store.alerts.setStatus(orgOf(c), c.req.param('id'), status, c.get('user').email)));
    });
  }

  app.get('/approvals', async (c) => {
    const q = readQuery(c, approvalQuery);
    return c.json({ approvals: (await c.get('services').store.approvals.list(orgOf(c), q.status)).map(approvalJson) });
  });

  const decisions = { approve: 'approved', block: 'blocked', dismiss: 'dismissed' } as const;
  for (const [action, status] of Object.entries(decisions)) {
    app.post(`/approvals/:id/${action}`, requireAdmin, async (c) => {
      await noBody(c);
      const s = c.get('services');
      const orgId = orgOf(c);
      const before = await s.store.approvals.blocked(orgId);
      const approval = await s.store.approvals.decide(orgId, c.req.param('id'), status, c.get('user').email);
      const after = await s.store.approvals.blocked(orgId);
      if (before.join('\n') !== after.join('\n')) await s.hub.changed(orgId);
      return c.json(approvalJson(approval));
    });
  }

  return app;
}
