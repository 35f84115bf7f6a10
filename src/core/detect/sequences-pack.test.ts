import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { defaultRulesDir } from '../rules/load-rule-files.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { compileSequenceText } from './compile-sequences.js';
import { runSequenceExamples } from './sequence-examples.js';
import type { Sequence } from './sequence.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

describe('the built-in sequences', () => {
  const dir = join(defaultRulesDir(), 'sequences');
  const results = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => compileSequenceText(readFileSync(join(dir, f), 'utf8'), join(dir, f)));
  const sequences: Sequence[] = results.flatMap((r) => r.value ?? []);

  it('load without errors', () => {
    expect(results.flatMap((r) => r.errors).map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`)).toEqual([]);
  });

  it('ship the four runtime sequences with unique ids', () => {
    const ids = sequences.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['WD-SEQ-001', 'WD-SEQ-002', 'WD-SEQ-003', 'WD-SEQ-004']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("pass every sequence's own examples", () => {
    const failures = runSequenceExamples(sequences, parser)
      .filter((r) => !r.passed)
      .map((r) => `${r.sequence} should ${r.expect === 'match' ? '' : 'not '}fire on ${r.example} — ${r.detail}`);
    expect(failures).toEqual([]);
  });
});
