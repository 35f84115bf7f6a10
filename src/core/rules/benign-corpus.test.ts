// The false-positive guard rail: everyday developer work (test/corpus/benign.yaml) must never be
// blocked or held for a human by the rule pack under the standard profile.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { packageRoot } from '../package-root.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { describeInterruptions, duplicateEntries, judgeCorpus, parseCorpus, type CorpusEntry } from './corpus.js';
import { loadRuleFiles } from './load-rule-files.js';
import { RulePack } from './rule-pack.js';
import { DEFAULT_DETECTION } from './settings.js';

const FILE = join(packageRoot(), 'test', 'corpus', 'benign.yaml');
const MIN_ENTRIES = 1_000;

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

describe('the benign corpus', () => {
  const entries: CorpusEntry[] = parseCorpus(readFileSync(FILE, 'utf8'), FILE);

  it(`holds at least ${MIN_ENTRIES} distinct entries`, () => {
    expect([...duplicateEntries(entries)].map(([label, n]) => `${label} (×${n})`)).toEqual([]);
    expect(new Set(entries.map((e) => e.label)).size).toBeGreaterThanOrEqual(MIN_ENTRIES);
  });

  it('is judged under the standard profile with no overrides', () => {
    expect(DEFAULT_DETECTION).toEqual({ profile: 'standard', overrides: {} });
  });

  it('yields no block or ask finding for any entry', () => {
    const loaded = loadRuleFiles();
    expect(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([]);
    const pack = new RulePack(loaded.value ?? []);
    const interruptions = describeInterruptions(judgeCorpus(pack, parser, entries, DEFAULT_DETECTION));
    expect(interruptions).toEqual([]);
  });
});
