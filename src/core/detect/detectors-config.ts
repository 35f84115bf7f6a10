// The `detectors:` section of a policy file: rate limits, cumulative risk, credential leaks,
// sequences and tool drift. Stage one (schema) and the normalised settings the detectors use.
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../vocabulary.js';
import type { LeakSettings } from './credential-leak.js';
import type { RateLimitRule } from './rate-limit.js';
import type { RiskSettings } from './risk.js';

const severity = z.enum(SEVERITIES);

export const rateLimitSchema = z.strictObject({
  tool: z.string().min(1).describe('Glob on the tool name: server/tool for MCP calls, the agent tool (Bash, Read, WebFetch) otherwise'),
  max: z.number().int().min(1).max(10_000).describe('Calls allowed within any window; the next one is acted on'),
  window_seconds: z.number().positive().max(86_400),
  action: z.enum(['flag', 'ask', 'block']),
  count_blocked: z.boolean().default(true).describe('Blocked attempts count toward the window, so a runaway loop stays limited while it keeps calling'),
  severity: severity.optional().describe('Severity of the finding (default: medium for flag, high for ask and block)'),
});

export const detectorsSchema = z.strictObject({
  leak: z.strictObject({
    enabled: z.boolean().default(true),
    arguments_severity: severity.default('medium').describe('WD-LEAK-001: a credential in a command line, tool arguments or a URL (default medium: flagged and redacted, since using a token is often legitimate; where it goes is judged by the exfiltration rules)'),
    output_severity: severity.default('medium').describe('WD-LEAK-002: a credential in what a tool returned'),
  }).prefault({}),
  redact_results: z.boolean().default(true).describe('Replace credentials in tool results with [REDACTED:<kind>] before the agent sees them'),
  rate_limits: z.array(rateLimitSchema).default([]),
  risk: z.strictObject({
    enabled: z.boolean().default(true),
    half_life_seconds: z.number().positive().default(900),
    thresholds: z.array(z.number().positive()).max(10).default([20, 50, 100])
      .refine((t) => t.every((x, i) => i === 0 || x > t[i - 1]!), 'thresholds must be in ascending order')
      .describe('Each threshold the score reaches raises later verdicts one step: allow → flag → ask → block'),
    ttl_seconds: z.number().min(0).default(600).describe('How long a level holds after the score falls back below its threshold'),
    weights: z.strictObject({
      info: z.number().min(0).default(0),
      low: z.number().min(0).default(1),
      medium: z.number().min(0).default(5),
      high: z.number().min(0).default(15),
      critical: z.number().min(0).default(40),
    }).prefault({}),
  }).prefault({}),
  sequences: z.strictObject({
    enabled: z.boolean().default(true),
    disabled: z.array(z.string().regex(/^WD-SEQ-\d{3}$/)).default([]),
  }).prefault({}),
  drift: z.strictObject({
    enabled: z.boolean().default(true),
    undeclared_severity: severity.default('medium').describe('WD-DRIFT-001: a call to a tool its server never declared'),
    changed_severity: severity.default('high').describe('WD-DRIFT-002: a call to (or declaration of) a tool whose definition changed since first seen'),
  }).prefault({}),
  limits: z.strictObject({
    max_agents: z.number().int().min(1).max(1_000_000).default(10_000),
    max_sessions: z.number().int().min(1).max(1_000_000).default(10_000),
  }).prefault({}),
}).describe('Stateful runtime detectors: credential leaks, rate limits, sequences, tool drift and cumulative risk');

export type DetectorsInput = z.input<typeof detectorsSchema>;
export type DetectorsConfig = z.output<typeof detectorsSchema>;

/** What the detectors run with, in the names the code uses. */
export interface DetectorSettings {
  readonly leak: LeakSettings;
  readonly redactResults: boolean;
  readonly rateLimits: readonly RateLimitRule[];
  readonly risk: RiskSettings;
  readonly sequences: { readonly enabled: boolean; readonly disabled: readonly string[] };
  readonly drift: { readonly enabled: boolean; readonly undeclaredSeverity: Severity; readonly changedSeverity: Severity };
  readonly limits: { readonly maxAgents: number; readonly maxSessions: number };
}

export function detectorSettings(config: DetectorsConfig): DetectorSettings {
  return {
    leak: { enabled: config.leak.enabled, argumentsSeverity: config.leak.arguments_severity, outputSeverity: config.leak.output_severity },
    redactResults: config.redact_results,
    rateLimits: config.rate_limits.map((r) => ({
      tool: r.tool, max: r.max, windowSeconds: r.window_seconds, action: r.action, countBlocked: r.count_blocked,
      severity: r.severity ?? (r.action === 'flag' ? 'medium' : 'high'),
    })),
    risk: {
      enabled: config.risk.enabled, halfLifeSeconds: config.risk.half_life_seconds, thresholds: config.risk.thresholds,
      ttlSeconds: config.risk.ttl_seconds, weights: config.risk.weights,
    },
    sequences: config.sequences,
    drift: { enabled: config.drift.enabled, undeclaredSeverity: config.drift.undeclared_severity, changedSeverity: config.drift.changed_severity },
    limits: { maxAgents: config.limits.max_agents, maxSessions: config.limits.max_sessions },
  };
}

/** The settings of a policy that says nothing about detectors. */
export const DEFAULT_DETECTOR_SETTINGS: DetectorSettings = detectorSettings(detectorsSchema.parse({}));
