// The Policy Advisor's data: audit evidence in, proposed rule changes out. Types only.
import type { Action, Severity } from '../../core/vocabulary.js';
import type { FindingSummary } from '../../audit/entry.js';
import type { AuditOutcome } from '../../audit/entry.js';

/** The part of a fleet audit entry the advisor reads. */
export interface AdvisorEvent {
  readonly type: string;
  readonly hostId: string;
  readonly session: string | null;
  readonly binary: string | null;
  readonly subject: string;
  readonly outcome: AuditOutcome;
  readonly severity: Severity;
  readonly findings: readonly FindingSummary[];
}

/** Events of one kind of operation: a binary and its subcommand, or one MCP server's tool. */
export interface Cluster {
  readonly kind: 'command' | 'mcp';
  /** The rule text that covers the cluster: `git status *` or `filesystem/read_file`. */
  readonly rule: string;
  /** One subject seen, to check existing rules against. */
  readonly sample: string;
  readonly count: number;
  readonly sessions: number;
  readonly hosts: number;
  /** Events with a high or critical finding (or recorded at that severity). */
  readonly highFindings: number;
  readonly criticalFindings: number;
  /** Events blocked or that would have been blocked. */
  readonly blocked: number;
}

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

export interface ChangeEvidence { readonly count: number; readonly sessions: number; readonly hosts: number; readonly highFindings: number; readonly criticalFindings: number; readonly blocked: number }

/** The existing rule a remove or modify change targets: its index in the role's list when suggested, and its text and action to find it again. */
export interface RuleTarget {
  readonly index: number;
  readonly rule: string;
  readonly action: string;
}

interface ChangeBase {
  readonly kind: 'command' | 'mcp';
  /** The rule text added, removed, or (for modify) the rule's text after the change. */
  readonly rule: string;
  /** The action added, removed, or (for modify) the rule's action after the change. */
  readonly action: Action;
  readonly confidence: number;
  readonly risk: RiskLevel;
  readonly reasoning: string;
  readonly evidence: ChangeEvidence;
}

export interface AddChange extends ChangeBase { readonly op: 'add' }
export interface RemoveChange extends ChangeBase { readonly op: 'remove'; readonly target: RuleTarget }
export interface ModifyChange extends ChangeBase { readonly op: 'modify'; readonly target: RuleTarget }

export type SuggestedChange = AddChange | RemoveChange | ModifyChange;
