// How a policy tunes the rule pack: a profile and per-rule overrides. Types only.
import type { Verdict } from '../policy/schema.js';

export const PROFILES = ['strict', 'standard', 'minimal'] as const;
export type Profile = (typeof PROFILES)[number];

export interface RuleOverride {
  readonly verdict?: Verdict | undefined;
  readonly disabled?: boolean | undefined;
  readonly applyToTools?: readonly string[] | undefined;
  readonly exemptTools?: readonly string[] | undefined;
}

export interface DetectionSettings {
  readonly profile: Profile;
  readonly overrides: Readonly<Record<string, RuleOverride>>;
}

export const DEFAULT_DETECTION: DetectionSettings = { profile: 'standard', overrides: {} };
