// Conditions over a tool call's decoded argument values, at any depth and any size, for
// policies and rules: "some value under key `command` matches /rm\s+-rf/", "some header value
// matches /^Bearer /". Regular expressions pass the same safety check as rule files.
import { globMatch } from '../policy/glob.js';
import { compileSafeRegex } from '../policy/safe-regex.js';
import { parseRegexText } from '../policy/safe-regex.js';
import type { DecodedValue } from '../values/decoded-values.js';
import { argumentValues, type ArgumentValues } from './argument-values.js';

export interface ArgumentCondition {
  /** Key name globs; the value's own key or any key above it must match one. Null for any key. */
  readonly keys: readonly string[] | null;
  /** A glob on the dotted path from the root (`headers.*`, `steps.*.run`); null for any path. */
  readonly path: string | null;
  readonly pattern: RegExp;
}

/** How a policy or rule file writes a condition: `{ key: command, value: "rm\\s+-rf" }`. */
export interface ArgumentConditionInput {
  readonly key?: string | readonly string[];
  readonly path?: string;
  /** A regular expression, bare or as `/source/flags`. */
  readonly value: string;
}

export type CompiledCondition = { readonly ok: true; readonly condition: ArgumentCondition } | { readonly ok: false; readonly error: string };

export function compileArgumentCondition(input: ArgumentConditionInput): CompiledCondition {
  const { source, flags } = parseRegexText(input.value);
  const { regex, error } = compileSafeRegex(source, flags);
  if (!regex) return { ok: false, error: error ?? 'invalid regular expression' };
  const keys = input.key === undefined ? null : typeof input.key === 'string' ? [input.key] : [...input.key];
  return { ok: true, condition: { keys, path: input.path ?? null, pattern: regex } };
}

export interface ArgumentMatch {
  readonly condition: ArgumentCondition;
  readonly value: DecodedValue;
}

function holds(c: ArgumentCondition, v: DecodedValue): boolean {
  if (c.keys && !c.keys.some((g) => globMatch(g, v.key) || v.path.some((k) => globMatch(g, k)))) return false;
  if (c.path !== null && !globMatch(c.path, v.path.join('.'))) return false;
  return c.pattern.test(v.value);
}

export interface ConditionsResult {
  /** Every condition holds, each for some value. */
  readonly holds: boolean;
  /** The first value satisfying each condition that holds. */
  readonly matches: readonly ArgumentMatch[];
  /** Values lay past the limits; a condition that does not hold may hold for one of them. */
  readonly truncated: boolean;
}

/** Evaluates all conditions over arguments already decoded (decode once, ask many). */
export function conditionsOver(decoded: ArgumentValues, conditions: readonly ArgumentCondition[]): ConditionsResult {
  const matches: ArgumentMatch[] = [];
  for (const condition of conditions) {
    const value = decoded.values.find((v) => holds(condition, v));
    if (value) matches.push({ condition, value });
  }
  return { holds: matches.length === conditions.length, matches, truncated: decoded.truncated };
}

/** Decodes the arguments and evaluates the conditions: every one must hold for some value. */
export function argumentConditions(args: unknown, conditions: readonly ArgumentCondition[]): ConditionsResult {
  return conditionsOver(argumentValues(args), conditions);
}
