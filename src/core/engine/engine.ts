// The engine: one event and the active role in, one decision out. Pure and deterministic;
// the same code runs in `warden check`, the hooks, the proxy and the server.
import type { Parser } from 'web-tree-sitter';
import { maxSeverity, outcomeOf, stricterVerdict, type CommandDecision, type Decision } from '../decision.js';
import { WardenError } from '../errors.js';
import type { Event } from '../events.js';
import type { Policy, Role } from '../policy/policy.js';
import type { DetectionSettings } from '../rules/settings.js';
import { resolveVariables } from '../policy/variables.js';
import { applyObservation } from '../detect/apply-observation.js';
import type { RuntimeDetectors } from '../detect/runtime-detectors.js';
import type { Finding, RulePack } from '../rules/rule-pack.js';
import { subjectsOf } from '../rules/subjects.js';
import { analyseShell } from '../shell/analyse.js';
import { commandView } from '../shell/command-view.js';
import { DEFAULT_LIMITS, type AnalysisLimits } from '../shell/types.js';
import { judgeCommandLine, unresolvedJudgment } from './evaluate-command.js';
import { judgeFile } from './evaluate-file.js';
import { judgeMcp } from './evaluate-mcp.js';
import { judgeWeb } from './evaluate-web.js';
import type { Judgment } from './judgment.js';
import { MAX_POSSIBLE_COMMANDS, MAX_POSSIBLE_LENGTH, possibleCommands, programsOfInterest } from './unknown-programs.js';
import type { ShellAnalysis } from '../shell/types.js';

type CommandEvent = Extract<Event, { kind: 'command' }>;

const NOTHING_TO_RUN: Judgment = Object.freeze({ verdict: 'allow', severity: 'info', rule: null, reason: 'nothing to run' });

/** The stricter of two judgments (any judgment over none); on equal verdicts the more severe one speaks. */
function stricter(best: Judgment | null, j: Judgment): Judgment {
  return best === null || stricterVerdict(j.verdict, best.verdict) || (j.verdict === best.verdict && maxSeverity(j.severity, best.severity) !== best.severity) ? j : best;
}

/** The strictest judgment in the lists, or null when they are empty. */
function strictest(lists: readonly (readonly Judgment[])[]): Judgment | null {
  let best: Judgment | null = null;
  for (const list of lists) for (const j of list) best = stricter(best, j);
  return best;
}

const fromFinding = (f: Finding): Judgment => ({ verdict: f.verdict, severity: f.severity, rule: f.rule, reason: `${f.title}: ${f.matched}` });

/** Hosts whose variables an engine keeps resolved; past this the memory starts again. */
const MAX_HOSTS_KEPT = 256;

export class Engine {
  private readonly hostVariables = new Map<string | undefined, Readonly<Record<string, string>>>();

  constructor(
    readonly policy: Policy,
    private readonly parser: Parser,
    /** The detection rule pack; without it only the role's rules judge. */
    readonly rules: RulePack | null = null,
    /** Stateful detectors, for long-lived processes that see an agent's events in order. */
    readonly detectors: RuntimeDetectors | null = null,
    private readonly limits: AnalysisLimits = DEFAULT_LIMITS,
  ) {}

  role(name?: string): Role {
    const wanted = name ?? this.policy.defaultRole;
    const role = this.policy.roles.get(wanted);
    if (!role) throw new WardenError('UNKNOWN_ROLE', `no role named "${wanted}" in the policy (roles: ${[...this.policy.roles.keys()].join(', ')})`);
    return role;
  }

  /** Variables as they resolve for a host (the policy never changes: kept for the hosts seen last). */
  variables(host: string | undefined): Readonly<Record<string, string>> {
    let vars = this.hostVariables.get(host);
    if (!vars) {
      if (this.hostVariables.size >= MAX_HOSTS_KEPT) this.hostVariables.clear();
      vars = Object.freeze(resolveVariables(this.policy.variables, host));
      this.hostVariables.set(host, vars);
    }
    return vars;
  }

  /** Judges one event; `now` (ms) times the stateful detectors, never read from a clock here. */
  evaluate(event: Event, now = 0): Decision {
    const role = this.role(event.context.role);
    const vars = this.variables(event.context.host);
    let commands: CommandDecision[] = [];
    let judgment: Judgment;
    const analysis = event.kind === 'command' ? analyseShell(this.parser, event.command, this.limits) : null;
    // Each command's view, built once for the role's rules and the detection rules.
    const views = analysis?.commands.map((c) => (c.binary === null ? null : commandView(c.binary, c.argv.slice(1))));
    switch (event.kind) {
      case 'command': {
        const judged = judgeCommandLine(role, analysis!, vars, views);
        commands = this.judgeUnknownPrograms(role, vars, event, analysis!, judged.commands);
        judgment = strictest([commands, judged.problems]) ?? NOTHING_TO_RUN;
        break;
      }
      case 'mcp_tool_call':
        judgment = judgeMcp(role, event.server, event.tool, event.arguments, vars);
        break;
      case 'file_access':
        judgment = judgeFile(role, event.path, event.access, event.context, vars);
        break;
      case 'web_request':
        judgment = judgeWeb(role, event.url, vars);
        break;
      case 'tool_result':
      case 'tool_description':
        // Roles say what an agent may do; what tools say back is for the detection rules.
        judgment = { verdict: 'allow', severity: 'info', rule: null, reason: 'no role rules apply to tool output' };
        break;
    }
    const subjects = this.rules || this.detectors ? subjectsOf(event, analysis, views) : null;
    const findings = this.rules && subjects ? this.rules.evaluate(subjects, this.detectionFor(role)) : [];
    for (const f of findings) judgment = stricter(judgment, fromFinding(f));
    const decision: Decision = {
      verdict: judgment.verdict,
      outcome: outcomeOf(judgment.verdict, role.mode),
      mode: role.mode,
      severity: judgment.severity,
      role: role.name,
      rule: judgment.rule,
      reason: judgment.reason,
      commands,
      findings,
    };
    if (!this.detectors || !subjects) return decision;
    const observed = this.detectors.observe(event, decision, now, subjects);
    return { ...applyObservation(decision, observed), risk: observed.risk, ...(observed.redactedContent !== undefined ? { redactedContent: observed.redactedContent } : {}) };
  }

  /**
   * A program Warden does not know whose words may run a command a rule blocks or holds: that
   * command is unresolved, and on_unresolved decides (see unknown-programs.ts).
   */
  private judgeUnknownPrograms(role: Role, vars: Readonly<Record<string, string>>, event: CommandEvent, analysis: ShellAnalysis, commands: CommandDecision[]): CommandDecision[] {
    const interest = programsOfInterest(role, this.rules, this.detectionFor(role).profile);
    let out = commands;
    /** Command i takes judgment j, when it is stricter than what the command has. */
    const unresolve = (i: number, j: Judgment, why: string): void => {
      if (stricter(out[i]!, j) !== j) return;
      if (out === commands) out = [...commands];
      out[i] = { ...out[i]!, verdict: j.verdict, severity: j.severity, rule: j.rule, reason: j.reason, unresolved: why };
    };
    let budget = MAX_POSSIBLE_COMMANDS;
    for (let i = 0; i < analysis.commands.length; i++) {
      const c = analysis.commands[i]!;
      const possible = possibleCommands(c, interest);
      if (possible.length > budget) {
        // Past the places judged, a denied command could hide behind harmless ones.
        const why = `\`${c.binary}\` is not a program Warden knows, and its words hold more than ${MAX_POSSIBLE_COMMANDS} places where a command could start`;
        unresolve(i, unresolvedJudgment(role, why), why);
        break;
      }
      for (const text of possible) {
        budget--;
        const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
        let why: string;
        let j: Judgment;
        if (text.length > MAX_POSSIBLE_LENGTH) {
          // Judging it again would cost as much as the whole line, once per place.
          why = `\`${c.binary}\` is not a program Warden knows and may run \`${shown}\`, more than ${MAX_POSSIBLE_LENGTH} characters to judge again`;
          j = unresolvedJudgment(role, why);
        } else {
          const sub = this.judgeLine(role, vars, { ...event, command: text });
          if ((sub.verdict !== 'block' && sub.verdict !== 'ask') || sub.rule === null) continue;
          why = `\`${c.binary}\` is not a program Warden knows and may run \`${shown}\` (${sub.reason})`;
          // on_unresolved decides, as severe as the rule that would judge that command
          j = { ...unresolvedJudgment(role, why), severity: sub.severity, rule: sub.rule };
        }
        unresolve(i, j, why);
        break;
      }
    }
    return out;
  }

  /** A command line judged by the role's rules and the pack alone: no detectors, no look into unknown programs. */
  private judgeLine(role: Role, vars: Readonly<Record<string, string>>, event: CommandEvent): Judgment {
    const analysis = analyseShell(this.parser, event.command, this.limits);
    const views = analysis.commands.map((c) => (c.binary === null ? null : commandView(c.binary, c.argv.slice(1))));
    const judged = judgeCommandLine(role, analysis, vars, views);
    const findings = this.rules ? this.rules.evaluate(subjectsOf(event, analysis, views), this.detectionFor(role)) : [];
    return strictest([judged.commands, judged.problems, findings.map(fromFinding)]) ?? NOTHING_TO_RUN;
  }

  private detectionFor(role: Role): DetectionSettings {
    const d = this.policy.detection;
    return role.detectionProfile ? { ...d, profile: role.detectionProfile } : d;
  }
}
