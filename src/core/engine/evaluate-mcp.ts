// Judges an MCP tool call (`server/tool` plus decoded arguments) against a role's MCP rules.
import { globMatch } from '../policy/glob.js';
import type { McpRule, Role } from '../policy/policy.js';
import { interpolate } from '../policy/variables.js';
import { decodedValues, type DecodedValue } from '../values/decoded-values.js';
import { applies, fromDefault, fromRule, verdictOf, type Judgment } from './judgment.js';

function argsMatch(rule: McpRule, values: readonly DecodedValue[]): boolean {
  return rule.args.every(({ name, regex }) => values.some((v) => (name === '*' || v.key === name) && regex.test(v.value)));
}

export function judgeMcp(role: Role, server: string, tool: string, args: unknown, variables: Readonly<Record<string, string>>): Judgment {
  const name = `${server}/${tool}`;
  let decoded: { values: DecodedValue[]; truncated: boolean } | null = null;
  for (const rule of role.mcp) {
    if (!applies(rule, variables)) continue;
    const glob = interpolate(rule.tool, variables);
    if (glob === null || !globMatch(glob, name)) continue;
    if (rule.args.length === 0) return fromRule(rule, `tool ${name}`);
    decoded ??= decodedValues(args);
    if (argsMatch(rule, decoded.values)) return fromRule(rule, `tool ${name} with these arguments`);
    if (decoded.truncated && rule.action !== 'allow' && role.onUnresolved !== 'allow') {
      return {
        verdict: verdictOf(role.onUnresolved),
        severity: 'medium',
        rule: rule.id,
        reason: `arguments of ${name} are nested too deep or too many to check rule ${rule.id} fully; role ${role.name} says ${role.onUnresolved}`,
      };
    }
  }
  return fromDefault(role.defaults.mcp, `tool ${name}`, role.name);
}
