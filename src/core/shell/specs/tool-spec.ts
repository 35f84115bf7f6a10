// What a CLI's options and subcommands mean, so rules can match meaning rather than spelling.
// Global options with values must be known, or their value would look like the subcommand.

export interface SubcommandSpellings {
  readonly names: ReadonlySet<string>;
  /** Alternative name → command name. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Any unique prefix of a name or alias names it (npm). */
  readonly abbreviations: boolean;
  /** `installTest` means `install-test` (npm). */
  readonly camelCase: boolean;
}

export interface ToolSpec {
  /** Options that take a separate value, anywhere on the line. */
  readonly valueOptions: ReadonlySet<string>;
  /** Per subcommand (first positional): further options that take a value. */
  readonly subcommandValueOptions?: Readonly<Record<string, ReadonlySet<string>>>;
  /** Spellings → canonical flag. Key '' applies to every subcommand; a subcommand key overrides. */
  readonly aliases?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** How the first positional may be spelled. */
  readonly subcommands?: SubcommandSpellings;
  /** Two-word command paths that mean a one-word subcommand (`container run` → `run`). */
  readonly commandPaths?: Readonly<Record<string, string>>;
  /**
   * Complete long-option lists, per subcommand ('*': whatever the subcommand), of tools that accept
   * any unique prefix of a long option (GNU getopt_long, git): `rm --recur` is `rm --recursive`.
   */
  readonly longOptions?: Readonly<Record<string, ReadonlySet<string>>>;
  /** Operands are a set, not a sequence (`rm a b` ≡ `rm b a`): pattern positionals match any operand. */
  readonly unorderedOperands?: boolean;
}

export const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** The command a first positional names: aliases and (where the tool allows) unique prefixes resolved. */
export function canonicalSubcommand(spec: ToolSpec | undefined, word: string): string {
  const s = spec?.subcommands;
  if (!s) return word;
  const name = s.camelCase && /[A-Z]/.test(word) ? word.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`) : word;
  if (s.names.has(name)) return name;
  const alias = Object.hasOwn(s.aliases, name) ? s.aliases[name] : undefined;
  if (alias !== undefined) return alias;
  if (!s.abbreviations || name === '') return word;
  let found: string | null = null;
  for (const candidate of [...s.names, ...Object.keys(s.aliases)]) {
    if (!candidate.startsWith(name)) continue;
    if (found !== null) return word; // ambiguous: the tool refuses it
    found = candidate;
  }
  if (found === null) return word;
  return Object.hasOwn(s.aliases, found) ? s.aliases[found]! : found;
}

/** The long option a possibly abbreviated `--name` stands for. */
export function canonicalLongOption(spec: ToolSpec | undefined, subcommand: string, name: string): string {
  const list = spec?.longOptions?.[subcommand] ?? spec?.longOptions?.['*'];
  if (!list || !name.startsWith('--') || list.has(name)) return name;
  let found: string | null = null;
  for (const option of list) {
    if (!option.startsWith(name)) continue;
    if (found !== null) return name; // ambiguous: the tool refuses it
    found = option;
  }
  return found ?? name;
}
