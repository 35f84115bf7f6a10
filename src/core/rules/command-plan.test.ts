import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import type { Event } from '../events.js';
import { packageRoot } from '../package-root.js';
import { analyseShell } from '../shell/analyse.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { parseCorpus } from './corpus.js';
import { EXAMPLE_CONTEXT } from './example-runner.js';
import { loadRuleFiles } from './load-rule-files.js';
import { RulePack } from './rule-pack.js';
import type { Profile } from './settings.js';
import { subjectsOf } from './subjects.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

const pack = new RulePack(loadRuleFiles().value ?? []);

// Command lines the pack knows: every corpus entry and every rule example that is a command.
const commandOf = (e: unknown): string | null => (typeof e === 'string' ? e : e !== null && typeof e === 'object' && 'command' in e && typeof e.command === 'string' ? e.command : null);
const known = [
  ...['benign.yaml', 'hostile.yaml', 'commands.yaml'].flatMap((name) => {
    const text = readFileSync(join(packageRoot(), 'test', 'corpus', name), 'utf8');
    try { return parseCorpus(text, name).map((e) => commandOf(e.example)); } catch { return []; }
  }),
  ...pack.rules.flatMap((r) => [...r.examples.match, ...r.examples.noMatch].map(commandOf)),
].filter((c): c is string => c !== null && c.length < 2_000);
const words = [...new Set(known.flatMap((c) => c.split(/\s+/)))].filter((w) => w !== '');

/** Known lines, joined, and with words swapped in from other lines. */
const commandLine = fc.oneof(
  fc.constantFrom(...known),
  fc.tuple(fc.constantFrom(...known), fc.constantFrom(' && ', ' | ', '; ', ' || '), fc.constantFrom(...known)).map(([a, op, b]) => `${a}${op}${b}`),
  fc.tuple(fc.constantFrom(...known), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...words)), { maxLength: 3 })).map(([c, swaps]) => {
    const ws = c.split(' ');
    for (const [at, w] of swaps) ws[at % ws.length] = w;
    return ws.join(' ');
  }),
  fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' ')),
);
const tool = fc.constantFrom(undefined, 'Bash', 'kubernetes/delete_namespace', 'redis/flushall', 'github/delete_branch', 'shell/run');
const profile = fc.constantFrom<Profile>('minimal', 'standard', 'strict');

/** Findings of the indexed evaluation, and the rules the unindexed explanation matches, with what matched. */
function both(event: Event, p: Profile): { fast: string[]; full: string[] } {
  const subjects = subjectsOf(event, event.kind === 'command' ? analyseShell(parser, event.command) : null);
  const settings = { profile: p, overrides: {} };
  return {
    fast: pack.evaluate(subjects, settings).map((f) => `${f.rule}: ${f.matched}`),
    full: pack.explain(subjects, settings).filter((e) => e.matched).map((e) => `${e.rule}: ${e.detail}`),
  };
}

describe('rules picked per match alternative and per command', () => {
  it('find the same rules, with the same match, as trying every rule on every command', () => {
    expect(known.length).toBeGreaterThan(1_000);
    fc.assert(fc.property(commandLine, tool, profile, (command, t, p) => {
      const { fast, full } = both({ kind: 'command', command, context: { ...EXAMPLE_CONTEXT, ...(t ? { tool: t } : {}) } }, p);
      expect(fast).toEqual(full);
    }), { numRuns: 1_500 });
  });

  it('do find rules on these lines (the comparison is not between two empty lists)', () => {
    let found = 0;
    const sample = known.filter((_, i) => i % 5 === 0);
    for (const command of sample) found += both({ kind: 'command', command, context: EXAMPLE_CONTEXT }, 'strict').fast.length > 0 ? 1 : 0;
    expect(found).toBeGreaterThan(sample.length / 5);
  });
});
