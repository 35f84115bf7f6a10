// A tools/list result from the server: recorded for drift, each description scanned for
// poisoning, and (in enforce mode) the tools the client must not see taken out: poisoned ones,
// changed ones under --block-undeclared, and with filtering those the role denies outright.
import { applyObservation } from '../../core/detect/apply-observation.js';
import type { DeclaredTool } from '../../core/detect/tool-registry.js';
import type { SessionJudge, SessionRecord } from './session-types.js';

export interface ToolListOptions {
  readonly server: string;
  readonly judge: SessionJudge;
  readonly blockUndeclared: boolean;
  readonly filterTools: boolean;
  readonly context: Record<string, string | undefined>;
  readonly now: number;
  readonly timer: () => number;
}

export interface ToolListOutcome {
  /** The result to send instead, or null to forward the server's as it is. */
  readonly replacement: Record<string, unknown> | null;
  readonly records: readonly SessionRecord[];
  readonly hidden: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function judgeToolList(result: unknown, o: ToolListOptions): ToolListOutcome {
  if (!isRecord(result) || !Array.isArray(result.tools)) return { replacement: null, records: [], hidden: 0 };
  const tools = result.tools as unknown[];
  const declared: DeclaredTool[] = tools.filter((t): t is DeclaredTool => isRecord(t) && typeof t.name === 'string')
    .map((t) => ({ name: t.name, description: typeof t.description === 'string' ? t.description : undefined, inputSchema: t.inputSchema }));
  const changed = new Map(o.judge.declareTools(o.server, declared, o.now).map((c) => [c.tool, c.finding]));
  const enforcing = o.judge.mode === 'enforce';
  const records: SessionRecord[] = [];
  const hide = new Set<string>();
  for (const tool of declared) {
    if (enforcing && o.filterTools && o.judge.toolVerdict(o.server, tool.name) === 'block') hide.add(tool.name);
    const text = [tool.description ?? '', schemaTexts(tool.inputSchema)].filter(Boolean).join('\n');
    const drift = changed.get(tool.name);
    if (text === '' && !drift) continue;
    const t0 = o.timer();
    // What a server declares is the server's statement, not something the agent did: its findings
    // count toward the server's risk, not the agent's (a hidden tool never reached the agent).
    const event = { kind: 'tool_description' as const, server: o.server, tool: tool.name, description: text, context: { ...o.context, agent: `mcp-server:${o.server}` } };
    let decision = o.judge.evaluate(event, o.now);
    if (drift) decision = applyObservation(decision, { findings: [drift], risk: decision.risk ?? { score: 0, level: 0 } });
    const poisoned = decision.outcome === 'blocked' || decision.outcome === 'held';
    if (enforcing && (poisoned || (o.blockUndeclared && drift !== undefined))) hide.add(tool.name);
    if (decision.findings.length > 0) records.push({ kind: 'scan', event, decision, action: hide.has(tool.name) ? 'hidden' : 'passed', judgedMs: o.timer() - t0 });
  }
  if (hide.size === 0) return { replacement: null, records, hidden: 0 };
  const kept = tools.filter((t) => !(isRecord(t) && typeof t.name === 'string' && hide.has(t.name)));
  return { replacement: { ...result, tools: kept }, records, hidden: tools.length - kept.length };
}

/** Descriptions inside an input schema (property descriptions, titles, defaults) speak to the model too. */
function schemaTexts(schema: unknown): string {
  if (!isRecord(schema)) return '';
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 16 || out.length > 1_000) return;
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (isRecord(v)) {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'description' || k === 'title') && typeof x === 'string') out.push(x);
        else walk(x, depth + 1);
      }
    }
  };
  walk(schema, 0);
  return out.join('\n');
}

/**
 * The `instructions` of an initialize result (which clients hand the model as guidance) scanned
 * like a tool description; in enforce mode instructions the rules block or hold are left out.
 */
export function judgeInstructions(result: unknown, o: Omit<ToolListOptions, 'blockUndeclared' | 'filterTools'>): ToolListOutcome {
  if (!isRecord(result) || typeof result.instructions !== 'string' || result.instructions === '') return { replacement: null, records: [], hidden: 0 };
  const t0 = o.timer();
  const event = { kind: 'tool_description' as const, server: o.server, tool: '(instructions)', description: result.instructions, context: { ...o.context, agent: `mcp-server:${o.server}` } };
  const decision = o.judge.evaluate(event, o.now);
  const hidden = o.judge.mode === 'enforce' && (decision.outcome === 'blocked' || decision.outcome === 'held');
  const records: SessionRecord[] = decision.findings.length > 0 ? [{ kind: 'scan', event, decision, action: hidden ? 'hidden' : 'passed', judgedMs: o.timer() - t0 }] : [];
  if (!hidden) return { replacement: null, records, hidden: 0 };
  const { instructions: _dropped, ...rest } = result;
  return { replacement: rest, records, hidden: 0 };
}
