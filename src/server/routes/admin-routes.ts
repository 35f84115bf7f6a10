// Users, enrollment tokens and org settings.
import { Hono } from 'hono';
import { z } from 'zod';
import { hashSecret, newSecret } from '../../store/fleet/ids.js';
import { ADVISOR_SCHEDULES } from '../../store/fleet/types.js';
import { ApiError } from '../api-error.js';
import { hashPassword } from '../auth/passwords.js';
import { orgOf, requireAdmin } from '../auth/user-auth.js';
import type { AppEnv } from '../context.js';
import { orgJson, tokenJson, userJson } from '../json.js';
import { readBody } from '../validate.js';

export const MIN_PASSWORD = 12;
export const DEFAULT_TOKEN_SECONDS = 86_400;

const userBody = z.strictObject({
  email: z.string().trim().max(320).email(),
  password: z.string().min(MIN_PASSWORD, `a password has at least ${MIN_PASSWORD} characters`).max(200),
  role: z.enum(['admin', 'viewer']),
});
const tokenBody = z.strictObject({ roleId: z.string().min(1).max(100).optional(), expiresInSeconds: z.number().int().min(60).max(31_536_000).optional() });
const advisorBody = z.strictObject({
  enabled: z.boolean().optional(),
  schedule: z.enum(ADVISOR_SCHEDULES).optional(),
  minObservationHours: z.number().int().min(1).max(2_160).optional(),
  confidenceThreshold: z.number().int().min(0).max(100).optional(),
});
const settingsBody = z.strictObject({ name: z.string().trim().min(1).max(200).optional(), retentionDays: z.number().int().min(1).max(3_650).optional(), advisor: advisorBody.optional() });

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/users', requireAdmin, async (c) => c.json({ users: (await c.get('services').store.users.list(orgOf(c))).map(userJson) }));

  app.post('/users', requireAdmin, async (c) => {
    const body = await readBody(c, userBody);
    const user = await c.get('services').store.users.create(orgOf(c), body.email, await hashPassword(body.password), body.role);
    return c.json(userJson(user), 201);
  });

  app.delete('/users/:id', requireAdmin, async (c) => {
    if (c.req.param('id') === c.get('user').id) throw new ApiError(409, 'conflict', 'you cannot delete yourself');
    await c.get('services').store.users.delete(orgOf(c), c.req.param('id'));
    return c.json({ deleted: true });
  });

  app.get('/enrollment-tokens', requireAdmin, async (c) => c.json({ tokens: (await c.get('services').store.enrollmentTokens.list(orgOf(c))).map((t) => tokenJson(t)) }));

  app.post('/enrollment-tokens', requireAdmin, async (c) => {
    const body = await readBody(c, tokenBody);
    const s = c.get('services');
    const token = newSecret('wet');
    const record = await s.store.enrollmentTokens.create(orgOf(c), hashSecret(token), {
      roleId: body.roleId ?? null, expiresAt: new Date(s.now() + (body.expiresInSeconds ?? DEFAULT_TOKEN_SECONDS) * 1000).toISOString(), createdBy: c.get('user').email,
    });
    return c.json(tokenJson(record, token), 201);
  });

  app.delete('/enrollment-tokens/:id', requireAdmin, async (c) => c.json(tokenJson(await c.get('services').store.enrollmentTokens.revoke(orgOf(c), c.req.param('id')))));

  app.get('/settings', async (c) => c.json({ org: orgJson(await c.get('services').store.orgs.get(orgOf(c))) }));

  app.patch('/settings', requireAdmin, async (c) => {
    const body = await readBody(c, settingsBody);
    return c.json({ org: orgJson(await c.get('services').store.orgs.update(orgOf(c), body)) });
  });

  return app;
}
