// Failed logins per (client address, email): after MAX failures within the window, login is
// refused until the oldest failure leaves the window, even with the right password.
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;
const MAX_KEYS = 100_000;

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  private recent(key: string): number[] {
    const since = this.now() - LOGIN_WINDOW_MS;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(key: string): number {
    const list = this.recent(key);
    if (list.length < LOGIN_MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((list[0]! + LOGIN_WINDOW_MS - this.now()) / 1000));
  }

  fail(key: string): void {
    if (this.failures.size >= MAX_KEYS && !this.failures.has(key)) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
