// A detection rule after loading: compiled patterns, globs and regexes, ready to evaluate.
import type { CommandPattern } from '../policy/command-pattern.js';
import type { Severity } from '../policy/schema.js';
import type { ExampleInput, RuleEventKind } from './rule-schema.js';

/** Include and exclude (`!glob`) path globs. */
export interface GlobSet {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface Matcher {
  readonly commands: readonly CommandPattern[] | null;
  readonly args: GlobSet | null;
  readonly dynamicArg: boolean | null;
  readonly stdinFrom: readonly string[] | null;
  readonly read: GlobSet | null;
  readonly write: GlobSet | null;
  readonly domains: readonly string[] | null;
  readonly values: readonly RegExp[] | null;
  readonly keys: readonly string[] | null;
  readonly texts: readonly RegExp[] | null;
  readonly tools: readonly string[] | null;
  /** What a unit must have for this matcher to hold (match-rule's NEEDS bits), worked out once. */
  readonly needs: number;
  /**
   * `commands` by the program they name, each list holding the patterns of that literal name and
   * then those whose program is a glob; `globbed` alone for any other program. Null without commands.
   */
  readonly commandIndex: CommandIndex | null;
}

export interface CommandIndex {
  readonly byBinary: ReadonlyMap<string, readonly CommandPattern[]>;
  readonly globbed: readonly CommandPattern[];
}

export interface DetectionRule {
  readonly id: string;
  readonly family: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly tags: readonly string[];
  readonly maturity: 'stable' | 'incubating';
  readonly appliesTo: ReadonlySet<RuleEventKind>;
  readonly applyToTools: readonly string[] | null;
  readonly exemptTools: readonly string[];
  readonly match: readonly Matcher[];
  readonly unless: readonly Matcher[];
  readonly examples: { readonly match: readonly ExampleInput[]; readonly noMatch: readonly ExampleInput[] };
  /** Where the rule is defined, for messages. */
  readonly source: { readonly file: string; readonly line: number };
}
