// The shared words of DESIGN.md's vocabulary, as values and types.

export const ACTIONS = ['allow', 'deny', 'ask'] as const;
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const MODES = ['monitor', 'enforce'] as const;
export const VERDICTS = ['allow', 'flag', 'ask', 'block'] as const;

export type Action = (typeof ACTIONS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Mode = (typeof MODES)[number];
export type Verdict = (typeof VERDICTS)[number];
