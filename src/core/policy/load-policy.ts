// Policy text → Policy, in three stages: schema (zod), normalise, semantic checks.
// Every problem carries file, line and column; a policy with any error is never returned.
import { detectorSettings } from '../detect/detectors-config.js';
import type { z } from 'zod';
import { compilePattern, PatternError } from './command-pattern.js';
import { defaultSeverity, type CommandRule, type FileRule, type McpRule, type Policy, type Role, type VariableValue, type WebRule } from './policy.js';
import { issueProblem, parseYamlFile, type Locator, type LoadResult, type Problem } from './problems.js';
import { compileSafeRegex, parseRegexText } from './safe-regex.js';
import { policySchema, type PolicyFile, type RoleInput } from './schema.js';
import { BUILTIN_VARIABLES, referencedVariables } from './variables.js';

const MAX_POLICY_BYTES = 4 * 1024 * 1024;

export function loadPolicyText(text: string, file: string): LoadResult<Policy> {
  if (text.length > MAX_POLICY_BYTES) {
    return { value: null, warnings: [], errors: [{ file, line: 1, col: 1, path: '', message: `policy file larger than ${MAX_POLICY_BYTES} bytes` }] };
  }
  const yaml = parseYamlFile(text, file);
  if ('errors' in yaml) return { value: null, warnings: [], errors: yaml.errors };
  const { data: raw, locate } = yaml;
  if (raw === null || raw === undefined) return { value: null, warnings: [], errors: [locate.at([], 'the policy file is empty')] };

  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) return { value: null, warnings: [], errors: parsed.error.issues.flatMap((i) => schemaProblems(locate, i, raw)) };

  const checker = new SemanticChecker(locate);
  const policy = checker.normalise(parsed.data);
  return checker.errors.length ? { value: null, warnings: checker.warnings, errors: checker.errors } : { value: policy, warnings: checker.warnings, errors: [] };
}

function schemaProblems(locate: Locator, issue: z.core.$ZodIssue, raw: unknown): Problem[] {
  if (issue.code === 'unrecognized_keys') return [issueProblem(locate, issue)];
  if (issue.code === 'invalid_union') {
    const branch = intendedBranch(issue, raw);
    if (branch) return branch.flatMap((i) => schemaProblems(locate, { ...i, path: [...issue.path, ...i.path] }, raw));
    return [locate.at(issue.path, 'does not match any accepted shape (a test has one of command, mcp, file or url, and expect)')];
  }
  return [locate.at(issue.path, issue.message)];
}

/**
 * The union member the input was evidently written for: the first whose only complaints are
 * about fields the input has (`{ command: ls, expect: maybe }` is a command test with a bad expect).
 */
function intendedBranch(issue: z.core.$ZodIssueInvalidUnion, raw: unknown): z.core.$ZodIssue[] | null {
  let input: unknown = raw;
  for (const key of issue.path) input = input !== null && typeof input === 'object' ? (input as Record<PropertyKey, unknown>)[key] : undefined;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const present = (i: z.core.$ZodIssue): boolean => i.path.length > 0 && Object.hasOwn(input, i.path[0] as PropertyKey);
  return issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.code !== 'unrecognized_keys' && present(i))) ?? null;
}

class SemanticChecker {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  private variableNames = new Set<string>(BUILTIN_VARIABLES);

  constructor(private readonly locate: Locator) {}

  private error(path: PropertyKey[], message: string, atKey = false): void { this.errors.push(this.locate.at(path, message, atKey)); }
  private warn(path: PropertyKey[], message: string): void { this.warnings.push(this.locate.at(path, message)); }

  normalise(file: PolicyFile): Policy {
    const variables = this.variables(file);
    const roles = new Map<string, Role>();
    file.roles.forEach((input, i) => {
      if (roles.has(input.name)) this.error(['roles', i, 'name'], `duplicate role name "${input.name}"`);
      roles.set(input.name, this.role(input, i, file));
    });
    const defaultRole = file.default_role ?? file.roles[0]!.name;
    if (!roles.has(defaultRole)) this.error(['default_role'], `default_role "${defaultRole}" is not one of the roles (${[...roles.keys()].join(', ')})`);
    file.tests.forEach((t, i) => {
      if (t.role !== undefined && !roles.has(t.role)) this.error(['tests', i, 'role'], `test names unknown role "${t.role}"`);
      if ('mcp' in t && !/^[^/]+\/./.test(t.mcp)) this.error(['tests', i, 'mcp'], `test tool "${t.mcp}" must be written server/tool, e.g. filesystem/write_file`);
    });
    const overrides = Object.fromEntries(Object.entries(file.detection.rules).map(([id, o]) => [id, {
      verdict: o.action, disabled: o.disabled, applyToTools: o.apply_to_tools, exemptTools: o.exempt_tools,
    }]));
    return {
      defaultRole, variables, roles, tests: file.tests,
      detection: { profile: file.detection.profile, overrides },
      detectors: detectorSettings(file.detectors),
    };
  }

  private variables(file: PolicyFile): Record<string, VariableValue[]> {
    const out: Record<string, VariableValue[]> = {};
    for (const [name, values] of Object.entries(file.variables)) {
      this.variableNames.add(name);
      out[name] = values.map((v, i) => ({
        value: v.value,
        patterns: v.patterns.flatMap((p, j) => {
          const check = compileSafeRegex(p);
          if (check.error) this.error(['variables', name, i, 'patterns', j], check.error);
          return check.regex ? [check.regex] : [];
        }),
      }));
    }
    return out;
  }

  private checkRefs(path: PropertyKey[], text: string): void {
    for (const name of referencedVariables(text)) {
      if (!this.variableNames.has(name)) this.error(path, `unknown variable {{${name}}}; define it under variables`);
    }
  }

  private whenOf(path: PropertyKey[], when: Record<string, string | string[]> | undefined, file: PolicyFile): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, v] of Object.entries(when ?? {})) {
      const values = Array.isArray(v) ? v : [v];
      if (!this.variableNames.has(name)) this.error([...path, 'when', name], `unknown variable "${name}" in when`, true);
      const declared = file.variables[name]?.map((d) => d.value);
      for (const value of values) {
        if (declared && !declared.includes(value)) this.warn([...path, 'when', name], `"${value}" is not a value of variable ${name} (${declared.join(', ')}); this rule never applies`);
      }
      out[name] = values;
    }
    return out;
  }

  private role(input: RoleInput, r: number, file: PolicyFile): Role {
    const base = (section: string, i: number, rule: { id?: string | undefined; action: Role['defaults']['command']; severity?: Role['commands'][number]['severity'] | undefined; reason?: string | undefined; when?: Record<string, string | string[]> | undefined }) => ({
      id: rule.id ?? `${input.name}:${section}[${i}]`,
      action: rule.action,
      severity: rule.severity ?? defaultSeverity(rule.action),
      reason: rule.reason ?? null,
      when: this.whenOf(['roles', r, section, i], rule.when, file),
    });
    const ids = new Set<string>();
    const unique = (path: PropertyKey[], id: string): void => {
      if (ids.has(id)) this.error(path, `duplicate rule id "${id}" in role ${input.name}`);
      ids.add(id);
    };

    const commands: CommandRule[] = input.commands.map((c, i) => {
      const path = ['roles', r, 'commands', i, 'pattern'];
      this.checkRefs(path, c.pattern);
      try {
        compilePattern(c.pattern.replace(/\{\{[^}]*\}\}/g, 'x'));
      } catch (error) {
        if (error instanceof PatternError) this.error(path, error.message);
        else throw error;
      }
      const rule: CommandRule = { kind: 'command', ...base('commands', i, c), pattern: c.pattern };
      unique(['roles', r, 'commands', i], rule.id);
      return rule;
    });
    this.warnShadowed(input, r);

    const mcp: McpRule[] = input.mcp.map((m, i) => {
      const path = ['roles', r, 'mcp', i];
      this.checkRefs([...path, 'tool'], m.tool);
      if (!m.tool.includes('/')) this.error([...path, 'tool'], `tool "${m.tool}" must be written server/tool (use "*/${m.tool}" for any server)`);
      const args = Object.entries(m.args ?? {}).flatMap(([name, source]) => {
        const { source: body, flags } = parseRegexText(source);
        const check = compileSafeRegex(body, flags);
        if (check.error) this.error([...path, 'args', name], check.error);
        return check.regex ? [{ name, regex: check.regex }] : [];
      });
      const rule: McpRule = { kind: 'mcp', ...base('mcp', i, m), tool: m.tool, args };
      unique(path, rule.id);
      return rule;
    });
    const files: FileRule[] = input.files.map((f, i) => {
      this.checkRefs(['roles', r, 'files', i, 'path'], f.path);
      const rule: FileRule = { kind: 'file', ...base('files', i, f), path: f.path, access: f.access };
      unique(['roles', r, 'files', i], rule.id);
      return rule;
    });
    const web: WebRule[] = input.web.map((w, i) => {
      this.checkRefs(['roles', r, 'web', i, 'domain'], w.domain);
      const rule: WebRule = { kind: 'web', ...base('web', i, w), domain: w.domain.toLowerCase() };
      unique(['roles', r, 'web', i], rule.id);
      return rule;
    });
    return {
      name: input.name,
      description: input.description ?? '',
      mode: input.mode,
      onUnresolved: input.on_unresolved,
      ...(input.on_error ? { onError: input.on_error } : {}),
      commands, mcp, files, web,
      defaults: input.defaults,
      detectionProfile: input.detection?.profile ?? null,
    };
  }

  /** A catch-all like `git *` above `git push --force*` makes the later rule dead: say so. */
  private warnShadowed(input: RoleInput, r: number): void {
    input.commands.forEach((c, i) => {
      if (c.when) return;
      let p;
      try { p = compilePattern(c.pattern); } catch { return; }
      if (p.positionals.length || p.flags.length || !p.rest || /\{\{/.test(c.pattern)) return;
      input.commands.slice(i + 1).forEach((later, k) => {
        const first = later.pattern.trim().split(/\s+/)[0] ?? '';
        if (first === p.binary || p.binary === '*') {
          this.warn(['roles', r, 'commands', i + 1 + k, 'pattern'], `never matches: "${c.pattern}" above it (rule ${i}) already matches every ${p.binary === '*' ? '' : `${p.binary} `}command`);
        }
      });
    });
  }
}
