// Rule-pack file text → rules, in three stages (schema, normalise, semantic checks), with
// file:line:col for every problem. A broken file fails; it never silently drops rules.
import { parseDocument } from 'yaml';
import { compilePattern, PatternError, type CommandPattern } from '../policy/command-pattern.js';
import { issueProblem, Locator, newLineCounter, parseYamlFile, type LoadResult, type Problem } from '../policy/problems.js';
import { compileSafeRegex, parseRegexText } from '../policy/safe-regex.js';
import { commandIndex, needsOfFields } from './match-rule.js';
import type { DetectionRule, GlobSet, Matcher } from './rule.js';
import { ruleFileSchema, type MatcherInput, type RuleEventKind, type RuleInput } from './rule-schema.js';

const list = <T>(v: T | readonly T[] | undefined): readonly T[] | null => (v === undefined ? null : Array.isArray(v) ? (v as readonly T[]) : [v as T]);

function globSet(v: string | readonly string[] | undefined): GlobSet | null {
  const all = list(v);
  if (!all) return null;
  return { include: all.filter((g) => !g.startsWith('!')), exclude: all.filter((g) => g.startsWith('!')).map((g) => g.slice(1)) };
}


/** Event kinds a matcher can see, from the conditions it uses. */
function kindsOf(m: MatcherInput): RuleEventKind[] {
  const kinds = new Set<RuleEventKind>();
  if (m.command || m.arg || m.dynamic_arg !== undefined || m.stdin_from) return ['command'];
  if (m.read || m.write) ['command', 'file_access', 'mcp_tool_call'].forEach((k) => kinds.add(k as RuleEventKind));
  if (m.domain) ['command', 'web_request', 'mcp_tool_call'].forEach((k) => kinds.add(k as RuleEventKind));
  // `keys` names MCP argument keys: command words have none.
  if (m.value) (m.keys ? ['mcp_tool_call'] : ['command', 'mcp_tool_call']).forEach((k) => kinds.add(k as RuleEventKind));
  if (m.text) ['tool_result', 'tool_description'].forEach((k) => kinds.add(k as RuleEventKind));
  if (m.tool && kinds.size === 0) ['mcp_tool_call', 'tool_result', 'tool_description'].forEach((k) => kinds.add(k as RuleEventKind));
  return [...kinds];
}

export class RuleCompiler {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  constructor(private readonly locate: Locate) {}

  private error(path: PropertyKey[], message: string): void { this.errors.push(this.locate.at(path, message)); }

  private regexes(path: PropertyKey[], v: string | readonly string[] | undefined): RegExp[] | null {
    const all = list(v);
    if (!all) return null;
    return all.flatMap((text, i) => {
      const { source, flags } = parseRegexText(text);
      const check = compileSafeRegex(source, flags);
      if (check.error) this.error(Array.isArray(v) ? [...path, i] : path, check.error);
      return check.regex ? [check.regex] : [];
    });
  }

  private patterns(path: PropertyKey[], v: string | readonly string[] | undefined): CommandPattern[] | null {
    const all = list(v);
    if (!all) return null;
    return all.flatMap((text, i) => {
      try {
        return [compilePattern(text)];
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        this.error(Array.isArray(v) ? [...path, i] : path, error.message);
        return [];
      }
    });
  }

  matcher(path: PropertyKey[], m: MatcherInput): Matcher {
    const commands = this.patterns([...path, 'command'], m.command);
    const fields = {
      commands,
      args: globSet(m.arg),
      dynamicArg: m.dynamic_arg ?? null,
      stdinFrom: list(m.stdin_from),
      read: globSet(m.read),
      write: globSet(m.write),
      domains: list(m.domain)?.map((d) => d.toLowerCase()) ?? null,
      values: this.regexes([...path, 'value'], m.value),
      keys: list(m.keys),
      texts: this.regexes([...path, 'text'], m.text),
      tools: list(m.tool),
    };
    // Written out rather than spread: every matcher then has one shape, and the matching code that
    // reads them for every command stays monomorphic (spread copies made dozens of shapes).
    return {
      commands: fields.commands, args: fields.args, dynamicArg: fields.dynamicArg, stdinFrom: fields.stdinFrom,
      read: fields.read, write: fields.write, domains: fields.domains, values: fields.values, keys: fields.keys,
      texts: fields.texts, tools: fields.tools,
      needs: needsOfFields(fields), commandIndex: commands ? commandIndex(commands) : null,
    };
  }

  rule(family: string, r: RuleInput, i: number, file: string, line: number): DetectionRule {
    const path = ['rules', i];
    const match = r.match.map((m, k) => this.matcher([...path, 'match', k], m));
    const unless = (r.unless ?? []).map((m, k) => this.matcher([...path, 'unless', k], m));
    if (r.maturity === 'stable') {
      if (r.examples.match.length < 2) this.error([...path, 'examples', 'match'], `stable rule ${r.id} needs at least 2 match examples`);
      if (r.examples.no_match.length < 2) this.error([...path, 'examples', 'no_match'], `stable rule ${r.id} needs at least 2 no_match examples`);
    }
    const appliesTo = new Set<RuleEventKind>(r.applies_to ?? r.match.flatMap(kindsOf));
    return {
      id: r.id, family, title: r.title, description: r.description, severity: r.severity, tags: r.tags,
      maturity: r.maturity, appliesTo,
      applyToTools: r.apply_to_tools ?? null, exemptTools: r.exempt_tools ?? [],
      match, unless,
      examples: { match: r.examples.match, noMatch: r.examples.no_match },
      source: { file, line },
    };
  }
}

/** Locates problems; without the YAML document (a prebuilt snapshot) every problem is at line 0. */
type Locate = Pick<Locator, 'at'>;

/** Rule file data already parsed from YAML, with each rule's line: the prebuilt snapshot's path. */
export function compileRuleData(data: unknown, file: string, ruleLines: readonly number[]): LoadResult<DetectionRule[]> {
  const locate: Locate = { at: (path, message) => ({ file, line: 0, col: 0, path: path.map(String).join('.'), message }) };
  const parsed = ruleFileSchema.safeParse(data);
  if (!parsed.success) return { value: null, warnings: [], errors: parsed.error.issues.map((i) => locate.at(i.path, i.message)) };
  const compiler = new RuleCompiler(locate);
  const rules = parsed.data.rules.map((r, i) => compiler.rule(parsed.data.family, r, i, file, ruleLines[i] ?? 0));
  return compiler.errors.length ? { value: null, warnings: compiler.warnings, errors: compiler.errors } : { value: rules, warnings: compiler.warnings, errors: [] };
}

/** The parsed data of a rule file and each rule's line, for a snapshot; null when it has errors. */
export function ruleFileData(text: string, file: string): { data: unknown; lines: number[] } | null {
  if (compileRuleText(text, file).errors.length) return null;
  const lines = newLineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const locate = new Locator(file, doc, lines);
  const data = doc.toJS() as { rules?: unknown[] };
  return { data, lines: (data.rules ?? []).map((_, i) => locate.at(['rules', i], '').line) };
}

export function compileRuleText(text: string, file: string): LoadResult<DetectionRule[]> {
  const yaml = parseYamlFile(text, file);
  if ('errors' in yaml) return { value: null, warnings: [], errors: yaml.errors };
  const { data, locate } = yaml;
  const parsed = ruleFileSchema.safeParse(data);
  if (!parsed.success) return { value: null, warnings: [], errors: parsed.error.issues.map((i) => issueProblem(locate, i)) };
  const compiler = new RuleCompiler(locate);
  const rules = parsed.data.rules.map((r, i) => compiler.rule(parsed.data.family, r, i, file, locate.at(['rules', i], '').line));
  return compiler.errors.length ? { value: null, warnings: compiler.warnings, errors: compiler.errors } : { value: rules, warnings: compiler.warnings, errors: [] };
}
