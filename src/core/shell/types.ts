// Types of the shell analysis: what an agent's command line turns into before any rule looks at it.

/** One argument word after quote removal. Dynamic words depend on run-time values. */
export type Word =
  | { readonly kind: 'literal'; readonly text: string }
  /**
   * `split`: unquoted, so it may expand to any number of words (including flags).
   * `prefix`: for file-name globs, the text every word it expands to begins with (`src/` for `src/*.ts`).
   */
  | { readonly kind: 'dynamic'; readonly text: string; readonly split: boolean; readonly prefix?: string };

export interface Redirect {
  readonly op: string;
  /** Target path for file redirects; null when dynamic or not a file. */
  readonly target: string | null;
}

/** One simple command found in the command line, after unwrapping wrappers. */
export interface AnalysedCommand {
  /** The source text of this simple command as written. */
  readonly source: string;
  /** argv after unwrapping; argv[0] is the command name. */
  readonly argv: readonly Word[];
  /** Normalised basename of the command, or null when it cannot be known statically. */
  readonly binary: string | null;
  /** How it was reached, outermost first: wrappers (`sudo`) and nesting (`bash -c`, `$(…)`, `xargs`). */
  readonly via: readonly string[];
  readonly redirects: readonly Redirect[];
  /** Why this command cannot be resolved statically, or null when it can. */
  readonly unresolved: string | null;
  /** A wrapper that only modifies how its inner command runs (`timeout`, `bash -c`): judged by explicit rules only. */
  readonly neutral: boolean;
  /** The program whose output this command reads through a pipe (`curl … | sh` → curl), if any. */
  readonly stdinFrom?: string | null;
}

export interface ShellAnalysis {
  readonly commands: readonly AnalysedCommand[];
  /** Problems with the command line as a whole (parse errors, limits hit). Never silently dropped. */
  readonly problems: readonly string[];
}

export interface AnalysisLimits {
  /** Longest command line analysed, in UTF-16 code units. */
  readonly maxLength: number;
  /** Deepest nesting of `bash -c`, `eval` and the like. */
  readonly maxNesting: number;
  /** Most simple commands reported. */
  readonly maxCommands: number;
  /** Most words produced by one brace expansion. */
  readonly maxBraceExpansion: number;
  /** Most words brace expansion may produce in one analysis. */
  readonly maxBraceWords: number;
  /** Deepest nesting of substitutions, subshells and wrappers, however written. */
  readonly maxSyntaxNesting: number;
  /** Read lines of plain words and other common shapes without the grammar (same result, much faster). */
  readonly plainFastPath?: boolean;
  /** Deepest syntax tree walked (long `&&` chains nest too, one level per command). */
  readonly maxTreeDepth: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = {
  maxLength: 256 * 1024,
  maxNesting: 8,
  maxCommands: 2_000,
  maxBraceExpansion: 256,
  maxBraceWords: 16_384,
  maxSyntaxNesting: 64,
  maxTreeDepth: 4_000,
};

export const literal = (text: string): Word => ({ kind: 'literal', text });
export const wordText = (w: Word): string => w.text;
export const isLiteral = (w: Word): w is Extract<Word, { kind: 'literal' }> => w.kind === 'literal';
