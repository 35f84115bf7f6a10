import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { analyseShell } from './analyse.js';
import { loadBashParser } from './load-grammar.js';
import { DEFAULT_LIMITS } from './types.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

const PLAIN = 'abcgitnpmrsudoenvtimeoutxargs-_./:,@+%^~=0123456789'.split('');
const word = fc.oneof(
  fc.constantFrom('git', 'push', '--force', '-f', 'sudo', 'env', 'timeout', '5', 'xargs', 'rm', '-rf', '/', '~', 'bash', 'sh', 'npm', 'run', 'test', 'X=1', 'find', '-exec', 'alias', 'if', 'time', 'eval'),
  fc.array(fc.constantFrom(...PLAIN), { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
);
const line = fc.array(word, { minLength: 1, maxLength: 8 }).chain((ws) => fc.constantFrom(' ', '  ', '\t').map((sep) => ws.join(sep)));

describe('the plain-words fast path', () => {
  it('gives exactly what the parser gives', () => {
    fc.assert(fc.property(line, fc.constantFrom('', ' ', '\t'), (l, pad) => {
      const text = `${pad}${l}${pad}`;
      const fast = analyseShell(parser, text);
      const parsed = analyseShell(parser, text, { ...DEFAULT_LIMITS, plainFastPath: false });
      // The grammar misreads a few plain words (`a%b` as a command name); bash reads them as words,
      // as the fast path does. Where the parser reports a syntax error there is no reference.
      if (parsed.problems.some((p) => p.includes('not valid shell syntax'))) return;
      const view = (a: typeof fast) => ({ problems: a.problems, commands: a.commands.map((c) => ({ ...c, source: c.source.trim() })) });
      expect(view(fast)).toEqual(view(parsed));
    }), { numRuns: 2_000 });
  });
});
