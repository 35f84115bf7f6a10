import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_DETECTOR_SETTINGS, detectorSettings, detectorsSchema } from './detectors-config.js';

describe('the detectors section', () => {
  it('fills every default from an empty section', () => {
    expect(DEFAULT_DETECTOR_SETTINGS).toMatchObject({
      leak: { enabled: true, argumentsSeverity: 'medium', outputSeverity: 'medium' },
      redactResults: true,
      rateLimits: [],
      risk: { enabled: true, halfLifeSeconds: 900, thresholds: [20, 50, 100], ttlSeconds: 600 },
      sequences: { enabled: true, disabled: [] },
      drift: { enabled: true, undeclaredSeverity: 'medium', changedSeverity: 'high' },
    });
  });

  it('reads rate limits with count_blocked on unless said otherwise, and a severity that follows the action', () => {
    const config = detectorsSchema.parse({ rate_limits: [{ tool: 'Bash', max: 30, window_seconds: 60, action: 'ask' }, { tool: 'fs/*', max: 5, window_seconds: 1, action: 'flag', count_blocked: false }] });
    expect(detectorSettings(config).rateLimits).toEqual([
      { tool: 'Bash', max: 30, windowSeconds: 60, action: 'ask', countBlocked: true, severity: 'high' },
      { tool: 'fs/*', max: 5, windowSeconds: 1, action: 'flag', countBlocked: false, severity: 'medium' },
    ]);
  });

  it('refuses what cannot work', () => {
    expect(detectorsSchema.safeParse({ risk: { thresholds: [50, 20] } }).error?.issues[0]?.message).toBe('thresholds must be in ascending order');
    expect(detectorsSchema.safeParse({ rate_limits: [{ tool: 'x', max: 0, window_seconds: 1, action: 'block' }] }).success).toBe(false);
    expect(detectorsSchema.safeParse({ rate_limits: [{ tool: 'x', max: 1, window_seconds: 1, action: 'allow' }] }).success).toBe(false);
    expect(detectorsSchema.safeParse({ sequences: { disabled: ['SEQ-1'] } }).success).toBe(false);
    expect(detectorsSchema.safeParse({ leak: { severity: 'high' } }).success).toBe(false);
  });

  it('generates a JSON Schema where defaulted fields are optional', () => {
    const schema = z.toJSONSchema(detectorsSchema, { io: 'input' }) as { properties: Record<string, unknown>; required?: string[] };
    expect(Object.keys(schema.properties)).toEqual(['leak', 'redact_results', 'rate_limits', 'risk', 'sequences', 'drift', 'limits']);
    expect(schema.required ?? []).toEqual([]);
  });
});
