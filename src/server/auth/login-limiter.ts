// Failed logins per (client address, email): after MAX failures within the window, login is
// refused until the oldest of them leaves the window, even with the right password. Counted in
// the database, so replicas behind a load balancer share the count.
import { hashSecret } from '../../store/fleet/ids.js';
import type { LoginFailures } from '../../store/fleet/login-failures.js';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

export class LoginLimiter {
  constructor(
    private readonly failures: LoginFailures,
    private readonly now: () => number = Date.now,
  ) {}

  private static key(address: string, email: string): string {
    return hashSecret(`${address}|${email.trim().toLowerCase()}`);
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  async retryAfter(address: string, email: string): Promise<number> {
    const now = this.now();
    const recent = await this.failures.since(LoginLimiter.key(address, email), new Date(now - LOGIN_WINDOW_MS).toISOString(), LOGIN_MAX_FAILURES);
    if (recent.length < LOGIN_MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((Date.parse(recent[0]!) + LOGIN_WINDOW_MS - now) / 1000));
  }

  fail(address: string, email: string): Promise<void> {
    return this.failures.add(LoginLimiter.key(address, email), new Date(this.now()).toISOString());
  }

  succeed(address: string, email: string): Promise<void> {
    return this.failures.clear(LoginLimiter.key(address, email));
  }
}
