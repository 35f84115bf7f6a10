// Variables: environment names for hosts by hostname pattern, builtin and custom, with the roles using each.
import { Hono } from 'hono';
import { z } from 'zod';
import { variableValueSchema } from '../../core/policy/schema.js';
import { compileSafeRegex } from '../../core/policy/safe-regex.js';
import { referencedVariables } from '../../core/policy/variables.js';
import type { RoleRecord, VariableRecord } from '../../store/fleet/types.js';
import { ApiError } from '../api-error.js';
import { orgOf, requireAdmin } from '../auth/user-auth.js';
import type { AppEnv } from '../context.js';
import { readBody } from '../validate.js';

const RESERVED = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are letters, digits and _').refine((n) => !RESERVED.has(n), 'this name is reserved');
const values = z.array(variableValueSchema).max(100);
const createBody = z.strictObject({ name, values });
const patchBody = z.strictObject({ values });

/** Names a role refers to, as {{name}} in any rule or in a rule's when. */
export function variablesUsed(role: Pick<RoleRecord, 'spec'>): Set<string> {
  const used = new Set(referencedVariables(JSON.stringify(role.spec)));
  for (const section of ['commands', 'mcp', 'files', 'web']) {
    const rules = role.spec[section];
    if (!Array.isArray(rules)) continue;
    for (const r of rules as { when?: Record<string, unknown> }[]) for (const k of Object.keys(r.when ?? {})) used.add(k);
  }
  return used;
}

function checkPatterns(v: z.infer<typeof values>): void {
  v.forEach((value, i) => value.patterns.forEach((p, j) => {
    const check = compileSafeRegex(p);
    if (check.error) throw new ApiError(400, 'invalid_request', `values[${i}].patterns[${j}]: ${check.error}`, [{ path: `values[${i}].patterns[${j}]`, message: check.error }]);
  }));
}

function variableJson(v: VariableRecord, roles: readonly RoleRecord[]) {
  const users = roles.filter((r) => variablesUsed(r).has(v.name));
  return { id: v.id, name: v.name, builtin: v.builtin, values: v.values, usedBy: users.length, usedByRoles: users.map((r) => ({ id: r.id, name: r.name })) };
}

export function variableRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/variables', async (c) => {
    const { store } = c.get('services');
    const [vars, roles] = await Promise.all([store.variables.list(orgOf(c)), store.roles.list(orgOf(c))]);
    return c.json({ variables: vars.map((v) => variableJson(v, roles)) });
  });

  app.post('/variables', requireAdmin, async (c) => {
    const body = await readBody(c, createBody);
    checkPatterns(body.values);
    const s = c.get('services');
    const v = await s.store.variables.create(orgOf(c), body.name, body.values);
    await s.hub.changed(orgOf(c));
    return c.json(variableJson(v, await s.store.roles.list(orgOf(c))), 201);
  });

  app.patch('/variables/:id', requireAdmin, async (c) => {
    const body = await readBody(c, patchBody);
    checkPatterns(body.values);
    const s = c.get('services');
    const v = await s.store.variables.update(orgOf(c), c.req.param('id'), body.values);
    await s.hub.changed(orgOf(c));
    return c.json(variableJson(v, await s.store.roles.list(orgOf(c))));
  });

  app.delete('/variables/:id', requireAdmin, async (c) => {
    const s = c.get('services');
    const orgId = orgOf(c);
    const v = await s.store.variables.get(orgId, c.req.param('id'));
    const users = (await s.store.roles.list(orgId)).filter((r) => variablesUsed(r).has(v.name));
    if (users.length && !v.builtin) throw new ApiError(409, 'conflict', `roles use ${v.name}: ${users.map((r) => r.name).join(', ')}`);
    await s.store.variables.delete(orgId, v.id);
    await s.hub.changed(orgId);
    return c.json({ deleted: true });
  });

  return app;
}
