// The shapes of the control plane API, as docs/api.md writes them.

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type Action = 'allow' | 'deny' | 'ask';
export type Mode = 'monitor' | 'enforce';
export type Verdict = 'allow' | 'flag' | 'ask' | 'block';
export type Outcome = 'allowed' | 'blocked' | 'would_block' | 'held' | 'approved' | 'denied';

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
export const ACTIONS: readonly Action[] = ['allow', 'ask', 'deny'];
export const OUTCOMES: readonly Outcome[] = ['allowed', 'blocked', 'would_block', 'held', 'approved', 'denied'];
export const EVENT_TYPES = [
  'command', 'mcp_tool_call', 'file_access', 'web_request', 'config_change', 'integrity', 'discovery', 'tool_result', 'tool_description', 'hook_error',
] as const;

export interface User { readonly id: string; readonly email: string; readonly role: 'admin' | 'viewer'; readonly createdAt: string }
export type AdvisorSchedule = 'daily' | 'weekly' | 'off';
export interface AdvisorSettings { readonly enabled: boolean; readonly schedule: AdvisorSchedule; readonly minObservationHours: number; readonly confidenceThreshold: number }
export interface AdvisorRunResult { readonly roles: number; readonly suggestions: number; readonly skipped: readonly { readonly roleId: string; readonly roleName: string; readonly reason: string }[]; readonly error?: string }
/** GET /advisor: the settings, the last analysis and when the next is due. */
export interface AdvisorStatus extends AdvisorSettings {
  readonly lastStartedAt: string | null;
  readonly lastFinishedAt: string | null;
  readonly running: boolean;
  readonly nextRunAt: string | null;
  readonly lastResult: AdvisorRunResult | null;
}
export interface Org { readonly id: string; readonly name: string; readonly retentionDays: number; readonly advisor: AdvisorSettings }
export interface Me { readonly user: User; readonly org: Org; readonly csrfToken: string }

type When = Record<string, string | string[]>;
interface RuleCommon { id?: string; action: Action; severity?: Severity; reason?: string; when?: When }
export interface CommandRule extends RuleCommon { pattern: string }
export interface McpRule extends RuleCommon { tool: string; args?: Record<string, string> }
export interface FileRule extends RuleCommon { path: string; access?: 'read' | 'write' | 'any' }
export interface WebRule extends RuleCommon { domain: string }

export interface RiskPolicy {
  enabled: boolean;
  half_life_seconds: number;
  thresholds: number[];
  ttl_seconds: number;
  weights: Record<Severity, number>;
}

export interface RoleDefaults { command: Action; mcp: Action; file: Action; web: Action }

export interface Role {
  readonly id: string;
  name: string;
  description: string;
  mode: Mode;
  isDefault: boolean;
  readonly status: 'active' | 'draft';
  readonly hostCount: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  on_unresolved: Action;
  commands: CommandRule[];
  mcp: McpRule[];
  files: FileRule[];
  web: WebRule[];
  defaults: RoleDefaults;
  detection: { profile: 'strict' | 'standard' | 'minimal' } | null;
  risk: RiskPolicy | null;
}

export interface Host {
  readonly id: string;
  readonly hostname: string;
  readonly roleId: string | null;
  readonly effectiveRole: { id: string; name: string; mode: Mode };
  readonly os: string | null;
  readonly agentVersion: string | null;
  readonly status: 'online' | 'offline';
  readonly enrolledAt: string;
  readonly lastSeenAt: string | null;
  readonly lastSeq: number;
  readonly integrity: 'ok' | 'broken';
}

export interface HostDetail extends Host {
  readonly policyEtag: string;
  readonly lastCheckpoint: { seq: number; hash: string; time: string } | null;
  readonly openAlerts: number;
}

export interface Finding { readonly rule: string; readonly severity: Severity; readonly verdict: string; readonly title: string }

export interface AuditEntry {
  readonly id: string;
  readonly hostId: string;
  readonly seq: number;
  readonly time: string;
  readonly type: string;
  readonly host: string | null;
  readonly agent: string | null;
  readonly session: string | null;
  readonly tool: string | null;
  readonly cwd: string | null;
  readonly binary: string | null;
  readonly subject: string;
  readonly arguments: unknown;
  readonly verdict: Verdict;
  readonly outcome: Outcome;
  readonly severity: Severity;
  readonly role: string | null;
  readonly mode: Mode | null;
  readonly rule: string | null;
  readonly reason: string;
  readonly latencyMs: number | null;
  readonly findings: readonly Finding[];
  readonly hash: string;
}

export type AlertStatus = 'open' | 'acknowledged' | 'escalated' | 'resolved';
export interface Alert {
  readonly id: string;
  readonly kind: 'policy' | 'integrity' | 'plugin';
  readonly severity: Severity;
  readonly title: string;
  readonly detail: string;
  readonly status: AlertStatus;
  readonly hostId: string | null;
  readonly hostname: string | null;
  readonly auditId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly resolvedAt: string | null;
  readonly updatedBy: string | null;
}

export type ApprovalStatus = 'pending' | 'approved' | 'blocked' | 'dismissed';
export interface Approval {
  readonly id: string;
  readonly name: string;
  readonly version: string | null;
  readonly type: 'mcp_server' | 'plugin' | 'extension' | 'package';
  readonly hostId: string | null;
  readonly hostname: string | null;
  readonly findings: readonly { severity: Severity; title: string }[];
  readonly status: ApprovalStatus;
  readonly detectedAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
}

export interface VariableValue { value: string; patterns: string[] }
export interface Variable {
  readonly id: string;
  readonly name: string;
  readonly builtin: boolean;
  readonly values: VariableValue[];
  readonly usedBy: number;
  readonly usedByRoles: readonly { id: string; name: string }[];
}

export interface EnrollmentToken {
  readonly id: string;
  readonly roleId: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly uses: number;
  readonly createdBy: string | null;
  readonly token?: string;
}

export interface SessionSummary {
  readonly session: string;
  readonly hostId: string;
  readonly hostname: string;
  readonly agent: string | null;
  readonly firstTime: string;
  readonly lastTime: string;
  readonly calls: number;
  readonly blocked: number;
  readonly wouldBlock: number;
}

export type TimelineItem = { readonly kind: 'call'; readonly entry: AuditEntry } | { readonly kind: 'gap'; readonly from: string; readonly to: string; readonly seconds: number };

export interface SessionTimeline {
  readonly session: string;
  readonly hostId: string;
  readonly hostname: string;
  readonly agent: string | null;
  readonly items: readonly TimelineItem[];
}

export type SuggestionRisk = 'low' | 'medium' | 'high' | 'critical';
export type SuggestionStatus = 'pending' | 'applied' | 'discarded';

export interface SuggestionChange {
  readonly op: 'add' | 'remove' | 'modify';
  /** For remove and modify: the existing rule changed (its index when suggested, text and action). */
  readonly target?: { readonly index: number; readonly rule: string; readonly action: 'allow' | 'ask' | 'deny' };
  readonly kind: 'command' | 'mcp';
  readonly rule: string;
  readonly action: 'allow' | 'ask' | 'deny';
  readonly confidence: number;
  readonly risk: SuggestionRisk;
  readonly reasoning: string;
  readonly evidence: { readonly count: number; readonly sessions: number; readonly hosts: number; readonly highFindings: number; readonly criticalFindings: number; readonly blocked: number };
}

export interface SuggestionSummary {
  readonly id: string;
  readonly roleId: string;
  readonly roleName: string | null;
  readonly createdAt: string;
  readonly status: SuggestionStatus;
  readonly partiallyApplied: boolean;
  readonly changeCount: number;
  readonly adds: number;
  readonly removes: number;
  readonly modifies: number;
  readonly confidence: number;
  readonly risk: SuggestionRisk;
  readonly hostCount: number;
  readonly eventCount: number;
  readonly window: { readonly since: string; readonly until: string };
  readonly decidedAt: string | null;
  /** manual: an admin asked; scheduled: the org's analysis schedule. */
  readonly origin: 'manual' | 'scheduled';
  /** What the advisor learned from, the same for every change. */
  readonly evidence: string;
}

export interface Suggestion extends SuggestionSummary {
  readonly changes: readonly SuggestionChange[];
  readonly applied: readonly number[] | null;
  readonly decidedBy: string | null;
}
