// Patterns the shell expands before it matches them (`${x#pat}`, `${x%%pat}`, `[[ $x =~ pat ]]`):
// a command substitution in one runs, so it is judged like any other command.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.js';
import { guardEngine } from '../testing/guard-engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await guardEngine();
});

const decide = (command: string) => engine.evaluate({ kind: 'command', command, context: {} });

describe('substitutions inside expansion patterns', () => {
  it.each([
    'echo ${x#$(rm -rf /)}',
    'echo ${x%%$(git push -f)}',
    'echo ${x##`git push -f`}',
    'echo "${HOME%%$(git push --force origin main)}"',
    'echo ${x%$(echo a)$(git push --force)}',
    '[[ $x =~ $(git push --force) ]]',
  ])('blocks %s, naming the command inside', (command) => {
    const d = decide(command);
    expect(d.verdict).toBe('block');
    expect(d.commands.some((c) => /^(rm|git)$/.test(c.argv[0] ?? '') && c.verdict === 'block')).toBe(true);
  });

  it.each(['echo ${x#abc}', 'echo ${x%.txt}', 'echo ${f##*/}', '[[ $x =~ ^v[0-9]+$ ]]', 'echo ${x%%$y}'])('leaves %s as it was', (command) => {
    expect(decide(command).verdict).toBe('allow');
  });
});

describe('code given to an interpreter on its command line', () => {
  it('reads a bounded number of calls from hostile code, and holds the rest for a person', () => {
    const code = `import os; ${'os.system("ls");'.repeat(5_000)} os.system("git push --force")`;
    const d = decide(`python3 -c '${code}'`);
    expect(d.verdict).toBe('ask');
    expect(d.commands.some((c) => c.unresolved !== null && /more than 100 programs/.test(c.unresolved))).toBe(true);
  });
});
