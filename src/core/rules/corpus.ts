// Corpora of example events judged against the rule pack: everyday work the pack must leave
// alone (false positives) and hostile actions it should catch (detection rate). Pure: callers
// read the corpus file; this parses it, judges every entry and counts.
//
// A corpus file maps section names to lists of examples, each written as in a rule's
// `examples` (a command string, `{mcp, args}`, `{file, access}`, `{url}`, `{result, tool}`,
// `{description, tool}`, `{command, tool}`), optionally with a `note` saying why it is there.
import type { Parser } from 'web-tree-sitter';
import { parse } from 'yaml';
import { stricterVerdict } from '../decision.js';
import { WardenError } from '../errors.js';
import type { Event } from '../events.js';
import type { Verdict } from '../policy/schema.js';
import { analyseShell } from '../shell/analyse.js';
import { exampleEvent, exampleLabel } from './example-runner.js';
import type { Finding, RulePack } from './rule-pack.js';
import { exampleSchema, type ExampleInput } from './rule-schema.js';
import { DEFAULT_DETECTION, type DetectionSettings } from './settings.js';
import { subjectsOf } from './subjects.js';

export interface CorpusEntry {
  /** The section it is listed under; in a hostile corpus, the family of attack. */
  readonly section: string;
  readonly example: ExampleInput;
  /** The example as one line, as `warden rules test` prints it; distinct entries have distinct labels. */
  readonly label: string;
  readonly note: string | null;
}

const where = (file: string, section: string, index: number): string => `${file}: ${section}[${index}]`;

/** Parses a corpus file's text into entries, in file order. Throws on any malformed entry. */
export function parseCorpus(text: string, file = 'corpus'): CorpusEntry[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new WardenError('CORPUS', `${file}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new WardenError('CORPUS', `${file}: expected a mapping of section names to lists of examples`);
  const entries: CorpusEntry[] = [];
  for (const [section, list] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(list)) throw new WardenError('CORPUS', `${file}: section ${section} is not a list of examples`);
    list.forEach((raw: unknown, index) => {
      let note: string | null = null;
      let input: unknown = raw;
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'note' in raw) {
        const { note: n, ...rest } = raw as Record<string, unknown>;
        if (typeof n !== 'string') throw new WardenError('CORPUS', `${where(file, section, index)}: note must be a string`);
        note = n;
        input = rest;
      }
      const parsed = exampleSchema.safeParse(input);
      if (!parsed.success) throw new WardenError('CORPUS', `${where(file, section, index)}: not an example (${JSON.stringify(raw)}): ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      entries.push({ section, example: parsed.data, label: exampleLabel(parsed.data), note });
    });
  }
  return entries;
}

/** Labels listed more than once, each with how often. */
export function duplicateEntries(entries: readonly CorpusEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  return new Map([...counts].filter(([, n]) => n > 1));
}

export interface CorpusResult {
  readonly entry: CorpusEntry;
  readonly event: Event;
  readonly findings: readonly Finding[];
  /** The strictest verdict among the findings; allow when there are none. */
  readonly verdict: Verdict;
}

/** Judges one event with the rule pack alone (no role), as the engine's detection step does. */
export function judgeEvent(pack: RulePack, parser: Parser, event: Event, settings: DetectionSettings = DEFAULT_DETECTION): Finding[] {
  const analysis = event.kind === 'command' ? analyseShell(parser, event.command) : null;
  return pack.evaluate(subjectsOf(event, analysis), settings);
}

export function judgeCorpus(pack: RulePack, parser: Parser, entries: readonly CorpusEntry[], settings: DetectionSettings = DEFAULT_DETECTION): CorpusResult[] {
  return entries.map((entry) => {
    const event = exampleEvent(entry.example);
    const findings = judgeEvent(pack, parser, event, settings);
    let verdict: Verdict = 'allow';
    for (const f of findings) if (stricterVerdict(f.verdict, verdict)) verdict = f.verdict;
    return { entry, event, findings, verdict };
  });
}

/** Entries counted by their strictest verdict: each entry lands in exactly one bucket. */
export interface CorpusMeasure {
  readonly total: number;
  readonly blocked: number;
  readonly asked: number;
  readonly flagged: number;
  /** Entries with no finding above allow (logged findings included). */
  readonly allowed: number;
}

export function measureResults(results: readonly CorpusResult[]): CorpusMeasure {
  const n = { total: results.length, blocked: 0, asked: 0, flagged: 0, allowed: 0 };
  for (const r of results) {
    if (r.verdict === 'block') n.blocked++;
    else if (r.verdict === 'ask') n.asked++;
    else if (r.verdict === 'flag') n.flagged++;
    else n.allowed++;
  }
  return n;
}

/** Measures per section, in the order sections first appear. */
export function measureBySection(results: readonly CorpusResult[]): Map<string, CorpusMeasure> {
  const groups = new Map<string, CorpusResult[]>();
  for (const r of results) {
    const g = groups.get(r.entry.section);
    if (g) g.push(r);
    else groups.set(r.entry.section, [r]);
  }
  return new Map([...groups].map(([section, rs]) => [section, measureResults(rs)]));
}

/** Share of entries the pack interrupts (block or ask): for a benign corpus, the false-positive rate. */
export const interruptedRate = (m: CorpusMeasure): number => (m.total === 0 ? 0 : (m.blocked + m.asked) / m.total);

/** Share of entries with at least one flag, ask or block finding: for a hostile corpus, the detection rate. */
export const detectedRate = (m: CorpusMeasure): number => (m.total === 0 ? 0 : (m.blocked + m.asked + m.flagged) / m.total);

/** One line per block/ask finding: entry, rule, what matched. */
export function describeInterruptions(results: readonly CorpusResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      if (f.verdict === 'block' || f.verdict === 'ask') out.push(`[${r.entry.section}] ${r.entry.label} → ${f.rule} (${f.verdict}): ${f.matched}`);
    }
  }
  return out;
}
