// Policy roles: list, detail, create, edit (rules, risk policy, mode), clone, delete.
import { Hono } from 'hono';
import { z } from 'zod';
import type { RoleRecord } from '../../store/fleet/types.js';
import { ApiError } from '../api-error.js';
import { orgOf, requireAdmin } from '../auth/user-auth.js';
import type { AppEnv, AppServices } from '../context.js';
import { roleJson } from '../json.js';
import { orgPolicyParts } from '../policy/host-policy.js';
import { policyProblems, renderPolicy } from '../policy/policy-document.js';
import { createRoleBody, patchRoleBody, roleContent, roleFields, type PatchRoleBody, type RoleContent } from '../policy/role-input.js';
import { readBody } from '../validate.js';

const cloneBody = z.strictObject({ name: roleFields.name, description: roleFields.description.optional() });

/** The role's content after the change, refused unless a host could load it as policy. */
export async function checkedContent(s: AppServices, orgId: string, current: RoleRecord | null, body: PatchRoleBody): Promise<RoleContent> {
  const content = roleContent(current ? { spec: { ...current.spec }, risk: current.risk ? { ...current.risk } : null } : null, body);
  const { variables } = await orgPolicyParts(s.store, orgId);
  const role = { id: current?.id ?? '', version: 0, name: body.name ?? current?.name ?? 'role', description: body.description ?? current?.description ?? '', mode: body.mode ?? current?.mode ?? 'monitor', ...content };
  const problems = policyProblems({ role, variables, blocked: [] });
  if (problems.length) {
    const details = problems.map((p) => ({ path: p.path.replace(/^roles\[0\]\.?/, ''), message: p.message }));
    throw new ApiError(400, 'invalid_policy', `the role would not load as policy: ${details[0]!.path ? `${details[0]!.path}: ` : ''}${details[0]!.message}`, details);
  }
  return content;
}

export function roleRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/roles', async (c) => c.json({ roles: (await c.get('services').store.roles.list(orgOf(c))).map(roleJson) }));

  app.get('/roles/:id', async (c) => c.json(roleJson(await c.get('services').store.roles.get(orgOf(c), c.req.param('id')))));

  app.get('/roles/:id/policy', async (c) => {
    const s = c.get('services');
    const role = await s.store.roles.get(orgOf(c), c.req.param('id'));
    const { yaml, etag } = renderPolicy({ role, ...(await orgPolicyParts(s.store, role.orgId)) });
    c.header('etag', `"${etag}"`);
    return c.body(yaml, 200, { 'content-type': 'text/yaml; charset=utf-8' });
  });

  app.post('/roles', requireAdmin, async (c) => {
    const body = await readBody(c, createRoleBody);
    const s = c.get('services');
    const orgId = orgOf(c);
    const content = await checkedContent(s, orgId, null, body);
    const role = await s.store.roles.create(orgId, { name: body.name, description: body.description ?? '', mode: body.mode ?? 'monitor', isDefault: body.isDefault ?? false, ...content });
    if (role.isDefault) await s.hub.changed(orgId);
    return c.json(roleJson(role), 201);
  });

  app.patch('/roles/:id', requireAdmin, async (c) => {
    const body = await readBody(c, patchRoleBody);
    const s = c.get('services');
    const orgId = orgOf(c);
    const current = await s.store.roles.get(orgId, c.req.param('id'));
    const content = await checkedContent(s, orgId, current, body);
    const role = await s.store.roles.update(orgId, current.id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.mode !== undefined ? { mode: body.mode } : {}),
      ...(body.isDefault !== undefined ? { isDefault: body.isDefault } : {}),
      ...content,
    });
    await s.hub.changed(orgId);
    return c.json(roleJson(role));
  });

  app.post('/roles/:id/clone', requireAdmin, async (c) => {
    const body = await readBody(c, cloneBody);
    const s = c.get('services');
    const orgId = orgOf(c);
    const source = await s.store.roles.get(orgId, c.req.param('id'));
    const clone = await s.store.roles.create(orgId, {
      name: body.name, description: body.description ?? source.description, mode: 'monitor', isDefault: false, spec: source.spec, risk: source.risk,
    });
    return c.json(roleJson(clone), 201);
  });

  app.delete('/roles/:id', requireAdmin, async (c) => {
    const s = c.get('services');
    const orgId = orgOf(c);
    const { hostsReassigned } = await s.store.roles.delete(orgId, c.req.param('id'));
    await s.hub.changed(orgId);
    return c.json({ deleted: true, hostsReassigned });
  });

  return app;
}
