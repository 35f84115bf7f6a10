import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateCall, type RateLimitRule } from './rate-limit.js';

const rule = (over: Partial<RateLimitRule> = {}): RateLimitRule => ({ tool: 'Bash', max: 3, windowSeconds: 10, action: 'block', countBlocked: true, severity: 'high', ...over });
const call = (now: number, over: Partial<RateCall> = {}): RateCall => ({ agent: 'a', tools: ['Bash'], now, blockedByPolicy: false, enforcing: true, ...over });
/** Seconds at which the limiter acted, for calls at the given seconds. */
const limitedAt = (limiter: RateLimiter, seconds: readonly number[], over: Partial<RateCall> = {}): number[] =>
  seconds.filter((s) => limiter.take(call(s * 1000, over)).length > 0);

describe('RateLimiter', () => {
  it('allows N calls in the window and acts on the N+1st', () => {
    const limiter = new RateLimiter([rule()]);
    expect(limitedAt(limiter, [0, 1, 2, 3])).toEqual([3]);
  });

  it('slides: a call exactly S seconds after another no longer shares its window', () => {
    const limiter = new RateLimiter([rule({ countBlocked: false })]);
    // Calls at 0, 1, 2 fill the window; at 10 the call from 0 has left it.
    expect(limitedAt(limiter, [0, 1, 2, 9.999, 10, 10.5])).toEqual([9.999, 10.5]);
  });

  it('keeps a runaway loop limited while it keeps calling, since blocked attempts count by default', () => {
    const limiter = new RateLimiter([rule()]);
    const everySecond = Array.from({ length: 30 }, (_, i) => i);
    expect(limitedAt(limiter, everySecond)).toEqual(everySecond.slice(3));
  });

  it('with count_blocked off, blocked attempts do not count and calls resume as the window frees up', () => {
    const limiter = new RateLimiter([rule({ countBlocked: false })]);
    expect(limitedAt(limiter, [0, 1, 2, 3, 4, 5, 10, 11, 12, 13])).toEqual([3, 4, 5, 13]);
  });

  it('counts attempts the policy blocked only when count_blocked says so', () => {
    const counting = new RateLimiter([rule({ action: 'flag' })]);
    const notCounting = new RateLimiter([rule({ action: 'flag', countBlocked: false })]);
    for (const l of [counting, notCounting]) for (const s of [0, 1, 2]) l.take(call(s * 1000, { blockedByPolicy: true }));
    expect(counting.take(call(3000)).length).toBe(1);
    expect(notCounting.take(call(3000)).length).toBe(0);
  });

  it('in monitor mode a block action stops nothing, so limited calls count as made', () => {
    const limiter = new RateLimiter([rule({ countBlocked: false })]);
    expect(limitedAt(limiter, [0, 1, 2, 3, 10.5], { enforcing: false })).toEqual([3, 10.5]);
  });

  it('keeps separate windows per agent and per tool, even under one glob', () => {
    const limiter = new RateLimiter([rule({ tool: 'fs/*', max: 1 })]);
    expect(limiter.take(call(0, { tools: ['fs/read'] }))).toEqual([]);
    expect(limiter.take(call(1, { tools: ['fs/write'] }))).toEqual([]);
    expect(limiter.take(call(2, { tools: ['fs/read'], agent: 'b' }))).toEqual([]);
    expect(limiter.take(call(3, { tools: ['fs/read'] }))).toHaveLength(1);
  });

  it('matches a limit on any of the names of the tool', () => {
    const limiter = new RateLimiter([rule({ tool: 'mcp__fs__*', max: 1 })]);
    limiter.take(call(0, { tools: ['fs/read', 'mcp__fs__read'] }));
    expect(limiter.take(call(1, { tools: ['fs/read', 'mcp__fs__read'] }))).toHaveLength(1);
    expect(limiter.take(call(2, { tools: ['Bash'] }))).toEqual([]);
  });

  it('reports every limit exceeded', () => {
    const limiter = new RateLimiter([rule({ max: 1, action: 'flag' }), rule({ tool: '*', max: 2, action: 'block' })]);
    expect(limitedAt(limiter, [0, 1])).toEqual([1]);
    expect(limiter.take(call(2000)).map((h) => h.rule.action)).toEqual(['flag', 'block']);
  });

  it('holds memory to the limit per window and to the LRU across windows', () => {
    const limiter = new RateLimiter([rule({ tool: '*', max: 5 })], 100);
    for (let i = 0; i < 10_000; i++) limiter.take(call(i, { agent: `agent-${i % 1_000}` }));
    // An agent evicted long ago starts afresh.
    expect(limiter.take(call(10_000, { agent: 'agent-0' }))).toEqual([]);
  });
});
