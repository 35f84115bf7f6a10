// What detection rules look at, derived once per event: one unit per simple command (so
// conditions of one rule hold for the same command), or one unit for any other event.
import { domainOf } from '../engine/evaluate-web.js';
import { canNameFile, joinable, normalisePath, normalisePathIn } from '../engine/paths.js';
import type { Event } from '../events.js';
import { literalPositionals, viewOf, type CommandView } from '../shell/command-view.js';
import type { AnalysedCommand, ShellAnalysis } from '../shell/types.js';
import { decodedValues } from '../values/decoded-values.js';
import { commandTouches, type CommandTouches } from './command-paths.js';
import { unitBits } from './match-rule.js';
import type { RuleEventKind } from './rule-schema.js';

export interface KeyedValue { readonly key: string; readonly value: string }

export interface SubjectUnit {
  readonly command: { readonly analysed: AnalysedCommand; readonly view: CommandView } | null;
  /** A command's literal positional arguments as paths (`~`, `..` and the working directory resolved). */
  readonly args: readonly string[];
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly domains: readonly string[];
  readonly values: readonly KeyedValue[];
  readonly texts: readonly string[];
  readonly tools: readonly string[];
  /** What the unit has, as match-rule's NEEDS bits, when worked out as it was made. */
  readonly has?: number;
}

export interface Subjects {
  readonly kind: RuleEventKind;
  readonly units: readonly SubjectUnit[];
  /** The agent tool, for apply_to_tools / exempt_tools. */
  readonly tool: string | null;
}

const PATH_KEYS = /^(path|paths|file|files|file_?path|filename|source|destination|dest|target|dir|directory|folder|cwd|notebook_?path|absolute_?path|relative_?path|uri)$/i;
const URL_KEYS = /^(url|uri|urls|endpoint|href|link|host|hostname|base_?url|webhook)$/i;
const WRITE_TOOL = /(write|edit|create|move|rename|delete|remove|append|save|put|upload|mkdir|patch|update|insert|replace)/i;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

function domainsOf(texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(URL_IN_TEXT)) {
      const d = domainOf(m[0]);
      if (d) out.add(d);
    }
  }
  return [...out];
}

/** Shared by units that have nothing of a kind (units are never changed once made). */
const NONE: readonly string[] = [];

/** Paths as the program may open them; a word that can name no file (a long message or script) is none. */
function filePaths(words: readonly string[], cwd: string | undefined, home: string | undefined): readonly string[] {
  if (words.length === 0) return NONE;
  const out: string[] = [];
  const cwdJoinable = joinable(cwd);
  for (const w of words) {
    const p = normalisePathIn(w, cwd, home, cwdJoinable);
    if (canNameFile(p, cwd !== undefined && !w.startsWith('/') && !w.startsWith('~') ? cwd.length + 1 : 0)) out.push(p);
  }
  return out;
}

/** Whether two word lists hold the same words in the same order. */
function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function domainsTouched(touches: CommandTouches): readonly string[] {
  if (touches.urls.length === 0 && touches.hosts.length === 0) return NONE;
  const domains = new Set(domainsOf(touches.urls));
  for (const h of touches.hosts) domains.add(h.toLowerCase());
  return [...domains];
}

function commandUnit(c: AnalysedCommand, view: CommandView, cwd: string | undefined, home: string | undefined, tool: string | null): SubjectUnit {
  const positionals = literalPositionals(view);
  const touches = commandTouches(c, view, positionals);
  const args = filePaths(positionals, cwd, home);
  const values: KeyedValue[] = [];
  for (let i = 1; i < c.argv.length; i++) values.push({ key: '', value: c.argv[i]!.text });
  for (const vs of view.flags.values()) for (const v of vs) if (v) values.push({ key: '', value: v });
  const unit: { -readonly [K in keyof SubjectUnit]: SubjectUnit[K] } = {
    command: { analysed: c, view },
    args,
    // Most programs read just their operands: then those are the same paths, worked out once.
    reads: sameWords(touches.reads, positionals) ? args : filePaths(touches.reads, cwd, home),
    writes: filePaths(touches.writes, cwd, home),
    domains: domainsTouched(touches),
    values,
    texts: NONE,
    tools: tool ? [tool] : NONE,
    has: 0,
  };
  unit.has = unitBits(unit);
  return unit;
}

const CHANGES_DIRECTORY = new Set(['cd', 'pushd']);

/** The directory `cd` (`pushd`) moves to; undefined when it cannot be known (`cd -`, `cd $X`). */
function directoryAfter(c: AnalysedCommand, view: CommandView, cwd: string | undefined, home: string | undefined): string | undefined {
  const target = view.positionals[0];
  if (target === undefined) return c.binary === 'cd' ? home : undefined;
  if (target.kind !== 'literal' || target.text === '-' || /^[+-]\d+$/.test(target.text)) return undefined;
  return normalisePath(target.text, cwd, home);
}

/**
 * One unit per resolved command, relative paths against the directory it runs in: after a
 * top-level `cd dir &&` (or `;`), commands run in dir. A `cd` inside a subshell, a substitution or
 * a nested shell is not followed (the working directory stays the event's), nor one whose output
 * is piped (each stage of a pipeline runs in a subshell of its own).
 */
function commandUnits(commands: readonly AnalysedCommand[], views: readonly (CommandView | null)[] | undefined, cwd: string | undefined, home: string | undefined, tool: string | null): SubjectUnit[] {
  const units: SubjectUnit[] = [];
  let here = cwd;
  let moved: { readonly to: string | undefined; readonly by: string } | null = null;
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i]!;
    if (c.binary === null) continue;
    if (moved && c.via.length === 0) {
      if (c.stdinFrom !== moved.by) here = moved.to ?? here;
      moved = null;
    }
    const view = views?.[i] ?? viewOf(c);
    units.push(commandUnit(c, view, here, home, tool));
    if (c.via.length === 0 && CHANGES_DIRECTORY.has(c.binary)) moved = { to: directoryAfter(c, view, here, home), by: c.binary };
  }
  return units;
}

/** `views`: the view of each of the analysis's commands (null where it has no program), when already built. */
export function subjectsOf(event: Event, analysis: ShellAnalysis | null, views?: readonly (CommandView | null)[]): Subjects {
  const ctx = event.context;
  const tool = ctx.tool ?? null;
  const norm = (p: string): string => normalisePath(p, ctx.cwd, ctx.home);
  const tools = tool ? [tool] : [];
  switch (event.kind) {
    case 'command':
      return { kind: 'command', tool, units: commandUnits(analysis?.commands ?? [], views, ctx.cwd, ctx.home, tool) };
    case 'mcp_tool_call': {
      const { values } = decodedValues(event.arguments);
      const writes = WRITE_TOOL.test(event.tool);
      const paths = values.filter((v) => PATH_KEYS.test(v.key)).map((v) => norm(v.value.replace(/^file:\/\//, '')));
      const domains = new Set(domainsOf(values.map((v) => v.value)));
      for (const v of values) if (URL_KEYS.test(v.key)) { const d = domainOf(v.value); if (d) domains.add(d); }
      return {
        kind: 'mcp_tool_call', tool,
        units: [{
          command: null, args: [],
          reads: writes ? [] : paths,
          writes: writes ? paths : [],
          domains: [...domains],
          values,
          texts: [],
          tools: [`${event.server}/${event.tool}`, ...tools],
        }],
      };
    }
    case 'file_access': {
      const path = norm(event.path);
      return { kind: 'file_access', tool, units: [{ command: null, args: [], reads: event.access === 'read' ? [path] : [], writes: event.access === 'write' ? [path] : [], domains: [], values: [{ key: 'path', value: event.path }], texts: [], tools }] };
    }
    case 'web_request': {
      const d = domainOf(event.url);
      return { kind: 'web_request', tool, units: [{ command: null, args: [], reads: [], writes: [], domains: d ? [d] : [], values: [{ key: 'url', value: event.url }], texts: [], tools }] };
    }
    case 'tool_result': {
      const { values } = decodedValues(event.content);
      return { kind: 'tool_result', tool, units: [{ command: null, args: [], reads: [], writes: [], domains: [], values, texts: values.map((v) => v.value), tools: [event.tool, ...tools] }] };
    }
    case 'tool_description':
      return { kind: 'tool_description', tool, units: [{ command: null, args: [], reads: [], writes: [], domains: [], values: [], texts: [event.description], tools: [`${event.server}/${event.tool}`, ...tools] }] };
  }
}
