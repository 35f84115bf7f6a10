// Runs the `tests:` cases written in a policy file through the engine: each case names an action
// (command, MCP tool call, file access or web request) and the verdict the policy must give it.
import type { Engine } from '../engine/engine.js';
import { WardenError } from '../errors.js';
import type { Event, EventContext } from '../events.js';
import type { PolicyTestCase, Verdict } from './schema.js';

/**
 * `~` in file cases, so that results do not depend on the machine running the tests; the same
 * home and working directory detection rule examples are judged in.
 */
export const TEST_HOME = '/home/dev';
/** The working directory relative paths in file cases are taken from. */
export const TEST_CWD = '/home/dev/project';

export interface PolicyTestOptions {
  /** Run only the cases judged with this role (cases without `role:` belong to the default role). */
  readonly role?: string | undefined;
}

export interface PolicyTestResult {
  /** Position in the file's `tests:` list. */
  readonly index: number;
  readonly name: string | null;
  /** What the case attempts, e.g. `command: git push --force`. */
  readonly subject: string;
  readonly role: string;
  readonly expected: Verdict;
  /** Null when the case could not be evaluated at all. */
  readonly actual: Verdict | null;
  readonly passed: boolean;
  readonly rule: string | null;
  readonly reason: string;
}

export interface PolicyTestReport {
  readonly results: readonly PolicyTestResult[];
  readonly passed: number;
  readonly failed: number;
}

/** `deny` is the action that produces the verdict `block`; tests may use either word. */
export const expectedVerdict = (expect: PolicyTestCase['expect']): Verdict => (expect === 'deny' ? 'block' : expect);

export function testSubject(c: PolicyTestCase): string {
  if ('command' in c) return `command: ${c.command}`;
  if ('mcp' in c) return `mcp: ${c.mcp}${c.args === undefined ? '' : ` ${JSON.stringify(c.args)}`}`;
  if ('file' in c) return `file: ${c.access} ${c.file}`;
  return `url: ${c.url}`;
}

function toEvent(c: PolicyTestCase, context: EventContext): Event {
  if ('command' in c) return { kind: 'command', command: c.command, context };
  if ('mcp' in c) {
    const slash = c.mcp.indexOf('/');
    if (slash <= 0) throw new WardenError('TEST_INVALID', `mcp "${c.mcp}" is not written server/tool`);
    return { kind: 'mcp_tool_call', server: c.mcp.slice(0, slash), tool: c.mcp.slice(slash + 1), arguments: c.args ?? {}, context };
  }
  if ('file' in c) return { kind: 'file_access', path: c.file, access: c.access, context };
  return { kind: 'web_request', url: c.url, context };
}

function runOne(engine: Engine, c: PolicyTestCase, index: number, role: string): PolicyTestResult {
  const expected = expectedVerdict(c.expect);
  const common = { index, name: c.name ?? null, subject: testSubject(c), role, expected };
  const context: EventContext = { role, host: c.host, agent: c.agent, home: TEST_HOME, cwd: TEST_CWD };
  try {
    const d = engine.evaluate(toEvent(c, context));
    return { ...common, actual: d.verdict, passed: d.verdict === expected, rule: d.rule, reason: d.reason };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return { ...common, actual: null, passed: false, rule: null, reason: `could not evaluate: ${error.message}` };
  }
}

/** Runs every case (or those of one role) in file order. Throws for an unknown `options.role`. */
export function runPolicyTests(engine: Engine, options: PolicyTestOptions = {}): PolicyTestReport {
  if (options.role !== undefined) engine.role(options.role);
  const results: PolicyTestResult[] = [];
  engine.policy.tests.forEach((c, index) => {
    const role = c.role ?? engine.policy.defaultRole;
    if (options.role === undefined || options.role === role) results.push(runOne(engine, c, index, role));
  });
  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed };
}
