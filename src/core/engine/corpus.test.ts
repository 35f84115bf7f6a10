// The command corpus (test/corpus/commands.yaml): hundreds of command lines, hostile and everyday,
// each with the verdict the engine must give under the fixed policy beside it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../package-root.js';
import { loadPolicyText } from '../policy/load-policy.js';
import { VERDICTS, type Verdict } from '../policy/schema.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { Engine } from './engine.js';

interface Case {
  readonly command: string;
  readonly expect: Verdict;
  readonly note?: string;
}

const dir = join(packageRoot(), 'test', 'corpus');
const sections = parse(readFileSync(join(dir, 'commands.yaml'), 'utf8')) as Record<string, Case[]>;
const all = Object.values(sections).flat();

const policy = loadPolicyText(readFileSync(join(dir, 'commands-policy.yaml'), 'utf8'), 'test/corpus/commands-policy.yaml');
let engine: Engine;

beforeAll(async () => {
  if (!policy.value) throw new Error(policy.errors.map((e) => e.message).join('\n'));
  engine = new Engine(policy.value, await loadBashParser());
});

const title = (c: Case): string => {
  const shown = JSON.stringify(c.command);
  return `${shown.length > 100 ? `${shown.slice(0, 97)}..."` : shown} → ${c.expect}`;
};

describe('command corpus', () => {
  it('is well formed: known verdicts, no duplicates, enough cases', () => {
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(sections.benign?.length ?? 0).toBeGreaterThanOrEqual(100);
    expect(all.filter((c) => !VERDICTS.includes(c.expect))).toEqual([]);
    expect(new Set(all.map((c) => c.command)).size).toBe(all.length);
    expect(policy.warnings).toEqual([]);
  });

  for (const [section, cases] of Object.entries(sections)) {
    describe(section, () => {
      it.each(cases.map((c) => [title(c), c] as const))('%s', (_title, c) => {
        const decision = engine.evaluate({ kind: 'command', command: c.command, context: {} });
        const found = decision.commands.map((d) => `${d.verdict} ${d.argv.join(' ')}${d.via.length ? ` (via ${d.via.join(' > ')})` : ''}`);
        expect({ verdict: decision.verdict, reason: decision.reason, found }).toMatchObject({ verdict: c.expect });
        if (c.expect !== 'allow') expect(decision.reason).not.toBe('');
      });
    });
  }
});
