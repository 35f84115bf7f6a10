import { describe, expect, it } from 'vitest';
import { escalate, RiskTracker, type RiskSettings } from './risk.js';

const settings: RiskSettings = {
  enabled: true, halfLifeSeconds: 100, thresholds: [10, 20, 40], ttlSeconds: 50,
  weights: { info: 0, low: 1, medium: 5, high: 10, critical: 40 },
};
const s = (seconds: number): number => seconds * 1000;

describe('escalate', () => {
  it('raises one step per level and stops at block', () => {
    expect(escalate('allow', 0)).toBe('allow');
    expect(escalate('allow', 1)).toBe('flag');
    expect(escalate('allow', 2)).toBe('ask');
    expect(escalate('flag', 5)).toBe('block');
  });
});

describe('RiskTracker', () => {
  it('adds weights by severity and reports the thresholds reached', () => {
    const risk = new RiskTracker(settings);
    expect(risk.add('a', ['medium'], 0)).toEqual({ score: 5, level: 0 });
    expect(risk.add('a', ['medium'], 0)).toEqual({ score: 10, level: 1 });
    expect(risk.add('a', ['high', 'high'], 0)).toEqual({ score: 30, level: 2 });
    expect(risk.add('a', ['critical'], 0)).toEqual({ score: 70, level: 3 });
  });

  it('halves the score every half-life', () => {
    const risk = new RiskTracker(settings);
    risk.add('a', ['critical'], 0);
    expect(risk.current('a', s(100)).score).toBe(20);
    expect(risk.current('a', s(200)).score).toBe(10);
  });

  it('keeps a level for the TTL after the score falls below its threshold, then reverts', () => {
    const risk = new RiskTracker(settings);
    expect(risk.add('a', ['high', 'high', 'medium'], 0)).toEqual({ score: 25, level: 2 });
    // 25 decays below 20 at 100·log2(25/20) ≈ 32.2 s, and below 10 at 100·log2(25/10) ≈ 132.2 s.
    expect(risk.current('a', s(30)).level).toBe(2);
    expect(risk.current('a', s(82)).level).toBe(2);
    expect(risk.current('a', s(83)).level).toBe(1);
    expect(risk.current('a', s(182)).level).toBe(1);
    expect(risk.current('a', s(183)).level).toBe(0);
  });

  it('measures the TTL from when the score crossed, however rarely it is asked', () => {
    const risk = new RiskTracker(settings);
    risk.add('a', ['high', 'high'], 0);
    expect(risk.current('a', s(1000)).level).toBe(0);
  });

  it('keeps agents apart', () => {
    const risk = new RiskTracker(settings);
    risk.add('a', ['critical'], 0);
    expect(risk.current('b', 0)).toEqual({ score: 0, level: 0 });
  });

  it('does nothing when disabled', () => {
    const risk = new RiskTracker({ ...settings, enabled: false });
    expect(risk.add('a', ['critical', 'critical'], 0)).toEqual({ score: 0, level: 0 });
  });
});
