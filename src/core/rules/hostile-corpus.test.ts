// The detection floor: hostile actions (test/corpus/hostile.yaml, one section per family) must
// mostly be caught. An entry counts as detected when it yields at least one flag, ask or block
// finding under the standard profile.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { packageRoot } from '../package-root.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { detectedRate, duplicateEntries, judgeCorpus, measureBySection, measureResults, parseCorpus, type CorpusEntry } from './corpus.js';
import { loadRuleFiles } from './load-rule-files.js';
import { RulePack } from './rule-pack.js';
import { DEFAULT_DETECTION } from './settings.js';

const FILE = join(packageRoot(), 'test', 'corpus', 'hostile.yaml');
const MIN_ENTRIES = 300;
/** Just below what the rule pack achieves; raise it as rules improve, never lower it quietly. */
const OVERALL_FLOOR = 0.97;

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

describe('the hostile corpus', () => {
  const entries: CorpusEntry[] = parseCorpus(readFileSync(FILE, 'utf8'), FILE);

  it(`holds at least ${MIN_ENTRIES} distinct entries`, () => {
    expect([...duplicateEntries(entries)].map(([label, n]) => `${label} (×${n})`)).toEqual([]);
    expect(new Set(entries.map((e) => e.label)).size).toBeGreaterThanOrEqual(MIN_ENTRIES);
  });

  it('has one section per family of the rule pack, and a section for every family', () => {
    const families = [...new Set((loadRuleFiles().value ?? []).map((r) => r.family))].sort();
    const sections = [...new Set(entries.map((e) => e.section))].sort();
    expect(sections).toEqual(families);
  });

  it(`is detected at a rate of at least ${percent(OVERALL_FLOOR)}`, () => {
    const loaded = loadRuleFiles();
    expect(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([]);
    const results = judgeCorpus(new RulePack(loaded.value ?? []), parser, entries, DEFAULT_DETECTION);
    const overall = measureResults(results);
    const lines = [...measureBySection(results)].map(([family, m]) => `  ${family.padEnd(22)} ${percent(detectedRate(m)).padStart(6)}  (${m.blocked + m.asked + m.flagged}/${m.total}: ${m.blocked} block, ${m.asked} ask, ${m.flagged} flag)`);
    // eslint-disable-next-line no-console -- the per-family rates belong in the test output
    console.log(`hostile corpus detection, standard profile: ${percent(detectedRate(overall))} of ${overall.total}\n${lines.join('\n')}`);
    expect(detectedRate(overall)).toBeGreaterThanOrEqual(OVERALL_FLOOR);
  });
});
