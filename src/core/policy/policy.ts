// The policy after loading: roles with their rules ready to evaluate.
import type { DetectorSettings } from '../detect/detectors-config.js';
import type { DetectionSettings, Profile } from '../rules/settings.js';
import type { Action, Mode, PolicyTestCase, Severity } from './schema.js';

export interface RuleBase {
  /** Stable id: given in the file, or `<role>:<section>[<n>]`. */
  readonly id: string;
  readonly action: Action;
  readonly severity: Severity;
  readonly reason: string | null;
  /** Variable → accepted values; the rule applies only when all hold. */
  readonly when: Readonly<Record<string, readonly string[]>>;
}

export interface CommandRule extends RuleBase { readonly kind: 'command'; readonly pattern: string }
export interface McpRule extends RuleBase {
  readonly kind: 'mcp';
  readonly tool: string;
  readonly args: readonly { readonly name: string; readonly regex: RegExp }[];
}
export interface FileRule extends RuleBase { readonly kind: 'file'; readonly path: string; readonly access: 'read' | 'write' | 'any' }
export interface WebRule extends RuleBase { readonly kind: 'web'; readonly domain: string }

export interface Role {
  readonly name: string;
  readonly description: string;
  readonly mode: Mode;
  readonly onUnresolved: Action;
  /** on_error as written: what to do with a call that cannot be judged; unset means block in enforce, allow in monitor. */
  readonly onError?: 'block' | 'allow';
  readonly commands: readonly CommandRule[];
  readonly mcp: readonly McpRule[];
  readonly files: readonly FileRule[];
  readonly web: readonly WebRule[];
  readonly defaults: { readonly command: Action; readonly mcp: Action; readonly file: Action; readonly web: Action };
  /** Detection profile for this role, when it differs from the policy's. */
  readonly detectionProfile: Profile | null;
}

export interface VariableValue {
  readonly value: string;
  readonly patterns: readonly RegExp[];
}

export interface Policy {
  readonly defaultRole: string;
  readonly variables: Readonly<Record<string, readonly VariableValue[]>>;
  readonly roles: ReadonlyMap<string, Role>;
  readonly tests: readonly PolicyTestCase[];
  readonly detection: DetectionSettings;
  readonly detectors: DetectorSettings;
}

/** Severity a rule gets when the file does not say. */
export function defaultSeverity(action: Action): Severity {
  return action === 'deny' ? 'high' : action === 'ask' ? 'medium' : 'info';
}
