// The caller's address, for the login rate limit: the socket's peer, or the first
// x-forwarded-for hop when the server is told to trust a proxy in front of it.
import type { Context } from 'hono';
import type { AppEnv } from './context.js';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('services').deps.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress ?? 'local';
}
