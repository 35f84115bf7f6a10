// Which rules can match which simple commands, decided per match alternative before any matching:
// an alternative that names programs is only looked up under the program of a command; one that
// needs a read or a write of certain paths only when the command touches one of them; one that
// needs what a command does not have (a tool name, a URL, a computed argument) never. The rules
// left are then matched in full, on the commands they may match only.
import type { CommandPattern } from '../policy/command-pattern.js';
import { hasOf } from './match-rule.js';
import { pathSetTest, type PathTest } from './path-set.js';
import type { DetectionRule, Matcher } from './rule.js';
import type { SubjectUnit } from './subjects.js';

/** A unit that has a tool name (commands do only when the agent's tool is known). */
const HAS_TOOLS = 1 << 12;
/** Bits beyond NEEDS for paths: the unit touches a path some plain read / write alternative names. */
const READ_HIT = 1 << 13;
const WRITE_HIT = 1 << 14;

interface Alternative {
  readonly rule: number;
  /** What a unit must have (NEEDS bits, HAS_TOOLS, READ_HIT, WRITE_HIT). */
  readonly needs: number;
}

/** Alternatives of one program: by the first word every pattern of theirs names, or any. */
interface ProgramAlternatives {
  readonly byFirst: ReadonlyMap<string, readonly Alternative[]>;
  readonly any: readonly Alternative[];
}

export interface CommandPlan {
  readonly byBinary: ReadonlyMap<string, ProgramAlternatives>;
  readonly byPrefix: readonly (readonly [string, Alternative])[];
  /** Alternatives any program may meet. */
  readonly anyBinary: readonly Alternative[];
  /** Union of the read (write) globs of alternatives that name no program. */
  readonly reads: PathTest;
  readonly writes: PathTest;
  /** anyBinary alternatives a unit with these bits (path hits aside) may meet, filled as units come. */
  readonly anyByHas: Map<number, readonly Alternative[]>;
  /** byPrefix alternatives of a program, filled as programs come. */
  readonly prefixedBy: Map<string, readonly Alternative[]>;
  /** Per rule, the last unit it was listed for (see candidateRules): a rule is listed once per unit. */
  readonly listedFor: Int32Array;
  /** Counts units, so that listedFor never needs clearing. */
  unitStamp: number;
  /** The candidate rules of the unit being matched (evaluation is synchronous, never re-entered). */
  readonly candidates: Candidates;
}

/** Programs remembered in `prefixedBy` before it starts afresh (names come from hostile input). */
const MAX_PREFIXED = 10_000;
const PATH_HITS = READ_HIT | WRITE_HIT;

/** Whether an alternative could ever hold for a simple command. */
function commandCapable(m: Matcher): boolean {
  if (m.texts) return false; // commands carry no texts
  return !(m.values && m.keys && !m.keys.includes('')); // command words have no key
}

function needs(m: Matcher): number {
  let n = m.needs | (m.tools ? HAS_TOOLS : 0);
  if (!m.commands) {
    // Without a program to narrow it, an alternative reading (writing) certain paths waits for one.
    if (m.read) n |= READ_HIT;
    if (m.write) n |= WRITE_HIT;
  }
  return n;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A pattern certainly matches only when its first positional, if literal, is the text of one of
 * the command's literal positionals (a dynamic word makes a match at most uncertain; `~` words
 * certainly match only `*` and `/*`). So an alternative whose patterns of a program all name a
 * literal first word need only be tried on commands that have one of those words.
 */
const literalFirst = (p: CommandPattern): string | null => p.literalFirst;

export function commandPlan(rules: readonly DetectionRule[], indexes: readonly number[]): CommandPlan {
  const programs = new Map<string, { byFirst: Map<string, Alternative[]>; any: Alternative[] }>();
  const byPrefix: [string, Alternative][] = [];
  const anyBinary: Alternative[] = [];
  const reads: string[] = [];
  const writes: string[] = [];
  for (const i of indexes) {
    for (const m of rules[i]!.match) {
      if (!commandCapable(m)) continue;
      const alt: Alternative = { rule: i, needs: needs(m) };
      if (!m.commands) {
        anyBinary.push(alt);
        if (m.read) reads.push(...m.read.include);
        if (m.write) writes.push(...m.write.include);
        continue;
      }
      const exact = new Map<string, CommandPattern[]>();
      const prefixes = new Set<string>();
      let any = false;
      for (const p of m.commands) {
        const glob = p.binary.search(/[*?[]/);
        if (glob === -1) push(exact, p.binary, p);
        else if (glob === 0) any = true;
        else prefixes.add(p.binary.slice(0, glob));
      }
      if (any) { anyBinary.push(alt); continue; }
      for (const [b, patterns] of exact) {
        let program = programs.get(b);
        if (!program) programs.set(b, program = { byFirst: new Map(), any: [] });
        const firsts = patterns.map(literalFirst);
        if (firsts.includes(null)) program.any.push(alt);
        else for (const f of new Set(firsts as string[])) push(program.byFirst, f, alt);
      }
      for (const p of prefixes) byPrefix.push([p, alt]);
    }
  }
  return {
    byBinary: programs, byPrefix, anyBinary,
    reads: pathSetTest({ include: reads, exclude: [] }), writes: pathSetTest({ include: writes, exclude: [] }),
    anyByHas: new Map(), prefixedBy: new Map(),
    listedFor: new Int32Array(rules.length), unitStamp: 0,
    candidates: { rules: new Int32Array(rules.length), count: 0 },
  };
}

function anyFor(plan: CommandPlan, has: number): readonly Alternative[] {
  let alts = plan.anyByHas.get(has);
  if (!alts) {
    alts = plan.anyBinary.filter((alt) => (alt.needs & ~PATH_HITS & ~has) === 0);
    plan.anyByHas.set(has, alts);
  }
  return alts;
}

function prefixedFor(plan: CommandPlan, binary: string): readonly Alternative[] {
  let alts = plan.prefixedBy.get(binary);
  if (!alts) {
    alts = plan.byPrefix.filter(([prefix]) => binary.startsWith(prefix)).map(([, alt]) => alt);
    if (plan.prefixedBy.size >= MAX_PREFIXED) plan.prefixedBy.clear();
    plan.prefixedBy.set(binary, alts);
  }
  return alts;
}

/** Rule indexes of one unit, and how many there are (a buffer reused unit after unit). */
export interface Candidates { readonly rules: Int32Array; count: number }

/** Adds the alternative's rule to `out` unless the unit lacks what it needs or the rule is listed already. */
function take(plan: CommandPlan, out: Candidates, alt: Alternative, has: number): void {
  if ((alt.needs & ~has) !== 0 || plan.listedFor[alt.rule] === plan.unitStamp) return;
  plan.listedFor[alt.rule] = plan.unitStamp;
  out.rules[out.count++] = alt.rule;
}

/**
 * The rules some alternative of which may hold on this unit, each once, into `out` (emptied
 * first). A superset of the rules that match it (the property test compares with the unindexed path).
 */
export function candidateRules(plan: CommandPlan, unit: SubjectUnit, out: Candidates): void {
  out.count = 0;
  if (!unit.command) return;
  // A new stamp per unit: what listedFor holds for earlier units no longer counts.
  plan.unitStamp = plan.unitStamp === 0x7fffffff ? 1 : plan.unitStamp + 1;
  if (plan.unitStamp === 1) plan.listedFor.fill(0);
  let has = hasOf(unit) | (unit.tools.length ? HAS_TOOLS : 0);
  const binary = unit.command.view.binary;
  const program = plan.byBinary.get(binary);
  if (program) {
    for (const alt of program.any) take(plan, out, alt, has);
    if (program.byFirst.size) {
      for (const w of unit.command.view.positionals) {
        if (w.kind !== 'literal') continue;
        const alts = program.byFirst.get(w.text);
        if (alts) for (const alt of alts) take(plan, out, alt, has);
      }
    }
  }
  for (const alt of prefixedFor(plan, binary)) take(plan, out, alt, has);
  const any = anyFor(plan, has);
  // Whether the unit touches a path some alternative names: asked only of units that meet one.
  let asked = 0;
  for (const alt of any) {
    const wanted = alt.needs & PATH_HITS & ~asked;
    if (wanted !== 0) {
      if (wanted & READ_HIT && someTest(plan.reads, unit.reads)) has |= READ_HIT;
      if (wanted & WRITE_HIT && someTest(plan.writes, unit.writes)) has |= WRITE_HIT;
      asked |= wanted;
    }
    take(plan, out, alt, has);
  }
}

function someTest(test: PathTest, paths: readonly string[]): boolean {
  for (const p of paths) if (test.test(p)) return true;
  return false;
}
