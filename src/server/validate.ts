// Reading request bodies and queries through zod: anything else is a 400 with every problem listed.
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './api-error.js';

const pathOf = (path: readonly PropertyKey[]): string => path.map((k) => (typeof k === 'number' ? `[${k}]` : String(k))).join('.').replace(/\.\[/g, '[');

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = r.error.issues.slice(0, 50).map((i) => ({ path: pathOf(i.path), message: i.message }));
  const first = details[0]!;
  throw new ApiError(400, 'invalid_request', `invalid ${what}: ${first.path ? `${first.path}: ` : ''}${first.message}`, details);
}

export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiError(400, 'invalid_request', 'send the body as JSON (content-type: application/json)');
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_request', 'the body is not valid JSON');
  }
  return parseWith(schema, raw, 'request body');
}

export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  return parseWith(schema, c.req.query(), 'query');
}
