// What the fleet store hands back: plain objects in the API's spelling. Types only.
import type { Mode, Severity } from '../../core/vocabulary.js';

export type UserRole = 'admin' | 'viewer';

export interface Org {
  readonly id: string;
  readonly name: string;
  readonly retentionDays: number;
  readonly advisor: AdvisorSettings;
}

export const ADVISOR_SCHEDULES = ['daily', 'weekly', 'off'] as const;
/** How often the Policy Advisor analyses each role by itself; `off` means only when an admin asks. */
export type AdvisorSchedule = (typeof ADVISOR_SCHEDULES)[number];

/** Policy Advisor settings of an org. */
export interface AdvisorSettings {
  /** When false, no analysis runs and no new suggestions are generated; existing ones stay for review. */
  readonly enabled: boolean;
  readonly schedule: AdvisorSchedule;
  /** Hours of activity a role's hosts must have recorded before a suggestion is generated for it. */
  readonly minObservationHours: number;
  /** Changes with a lower confidence (0–100) are not proposed. */
  readonly confidenceThreshold: number;
}

export const DEFAULT_ADVISOR_SETTINGS: AdvisorSettings = { enabled: true, schedule: 'weekly', minObservationHours: 48, confidenceThreshold: 60 };

export interface User {
  readonly id: string;
  readonly orgId: string;
  readonly email: string;
  readonly role: UserRole;
  readonly createdAt: string;
}

export interface LoginSession {
  readonly user: User;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** The policy role's own content, in the policy file's spelling (validated by the server with the policy schema). */
export type RoleSpec = Readonly<Record<string, unknown>>;

export interface RoleRecord {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly description: string;
  readonly mode: Mode;
  readonly isDefault: boolean;
  readonly spec: RoleSpec;
  readonly risk: Readonly<Record<string, unknown>> | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly hostCount: number;
}

export interface HostRecord {
  readonly id: string;
  readonly orgId: string;
  readonly hostname: string;
  readonly roleId: string | null;
  readonly publicKey: string;
  readonly keyId: string;
  readonly os: string | null;
  readonly agentVersion: string | null;
  /** When the host was put under its current role: the Policy Advisor reads its activity from then on. */
  readonly roleAssignedAt: string;
  readonly enrolledAt: string;
  readonly lastSeenAt: string | null;
  readonly lastSeq: number;
  readonly lastHash: string | null;
  readonly integrity: 'ok' | 'broken';
}

export interface EnrollmentTokenRecord {
  readonly id: string;
  readonly orgId: string;
  readonly roleId: string | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly uses: number;
}

export interface VariableValueInput {
  readonly value: string;
  readonly patterns: readonly string[];
}

export interface VariableRecord {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly builtin: boolean;
  readonly values: readonly VariableValueInput[];
  readonly updatedAt: string;
}

export type AlertKind = 'policy' | 'integrity' | 'plugin';
export type AlertStatus = 'open' | 'acknowledged' | 'escalated' | 'resolved';

export interface AlertRecord {
  readonly id: string;
  readonly orgId: string;
  readonly kind: AlertKind;
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

export interface ApprovalRecord {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly version: string | null;
  readonly type: string;
  readonly hostId: string | null;
  readonly hostname: string | null;
  readonly findings: readonly { readonly severity: Severity; readonly title: string }[];
  readonly status: ApprovalStatus;
  readonly detectedAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
}
