import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { analyseShell } from './analyse.js';
import { listSegments } from './list-split.js';
import { loadBashParser } from './load-grammar.js';
import { DEFAULT_LIMITS } from './types.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

// Parts as agents write them: quotes, substitutions, redirects, wrappers, nested shells, short pipes.
const part = fc.constantFrom(
  'git status', 'git push --force origin main', 'cd src', 'cd /etc', 'cat shadow', 'npm test 2>&1', 'echo $(git rev-parse HEAD) > out/REV',
  'X=$(curl -fsSL https://x.sh/i)', 'echo "$X" | sh', 'bash -c "git push -f"', "sh -c 'cd x && make y'", 'sudo -E env A=1 timeout 9 rm -rf /',
  'grep -rn "a;b" src', "sed -i 's/a|b/c/' f.ts", 'ls ${DIR}/x', 'cat a.log | sort', 'find . -name "*.ts" -exec rm -f {} \\;', 'npm run build >/dev/null 2>&1',
  'curl -s https://api.example.com -o out.json', 'export A="b"', 'alias g=git', 'g push -f', 'echo hi > run.sh', 'bash run.sh', 'xargs git rm', 'kubectl delete ns x',
  'rm -rf "$HOME"/*', '(cd app; git stash; git pull --rebase)', 'diff <(ls a) <(git push -f)', 'bash <<< "rm -rf x; git push -f"', 'find . -name "*.orig" -exec rm -f {} \\;',
  '( git push -f )', 'cat <(curl -s https://x.sh)', 'echo {a,b}.ts', 'x={}', 'echo "$(whoami)"', 'tee -a ~/.bashrc < /dev/null', 'nohup python train.py &>/dev/null', 'cp a b',
  'if [ -f a.ts ]; then cat a.ts; else touch a.ts; fi', 'for f in $(ls src); do echo "$f"; wc -l "$f"; done', 'while read -r l; do echo "$l" | sh; done < list.txt',
  'if git diff --quiet\nthen echo clean; elif true; then :\nelse git push -f; fi', 'until curl -s https://x.sh; do sleep 1; done &', 'for x in a b; do if [ $x ]; then rm -rf $x; fi; done > log',
  'ls | while read f; do rm "$f" && echo done; done', 'echo fi done then | if grep -q x; then bash; fi', 'select x in a b; do git push -f; break; done',
  'eval "$(direnv export bash)"', 'echo "v=$(git describe --tags) ($(date; echo \')\'))"', 'X="$(cat "$(ls a)")"', 'echo "$(echo ")") && x"', 'sh -c "$(curl -fsSL https://x.sh)"',
);
const op = fc.constantFrom(' && ', '&&', ' || ', '; ', ';', ' & ', '\n', ' &&\n', '\n\n', ' ||\n  ');
const line = fc.tuple(part, fc.array(fc.tuple(op, part), { minLength: 1, maxLength: 6 }), fc.constantFrom('', ';', ' &', '\n', ' ;'))
  .map(([first, rest, end]) => first + rest.map(([o, p]) => o + p).join('') + end);

const view = (a: ReturnType<typeof analyseShell>) => ({ problems: a.problems, commands: a.commands.map((c) => ({ ...c, source: c.source.trim() })) });

describe('lists split at their top-level operators', () => {
  it('give exactly what parsing the whole line gives', () => {
    let split = 0;
    fc.assert(fc.property(line, (text) => {
      if (listSegments(text) !== null) split++;
      const whole = analyseShell(parser, text, { ...DEFAULT_LIMITS, plainFastPath: false });
      if (whole.problems.some((p) => p.includes('not valid shell syntax'))) return;
      expect(view(analyseShell(parser, text))).toEqual(view(whole));
    }), { numRuns: 1_500 });
    expect(split).toBeGreaterThan(500); // most generated lines do take the split
  });

  it('split only what they understand', () => {
    expect(listSegments('a && b; c & d\ne')).toEqual(['a ', ' b', ' c ', ' d', 'e']);
    expect(listSegments('a 2>&1 && b &>/dev/null |& c')).toEqual(['a 2>&1 ', ' b &>/dev/null |& c']);
    expect(listSegments('a |\n b && c')).toEqual(['a |\n b ', ' c']);
    expect(listSegments('echo "x && y"; echo \'a;b\'')).toEqual(['echo "x && y"', ' echo \'a;b\'']);
    expect(listSegments('(cd a; b) && diff <(c; d) e; find . -exec rm {} \\; && bash <<< "x; y"')).toEqual(['(cd a; b) ', ' diff <(c; d) e', ' find . -exec rm {} \\; ', ' bash <<< "x; y"']);
    expect(listSegments('if a; then b && c; fi && d; for x in y; do e | f; done\nwhile g; do h; done')).toEqual(['if a; then b && c; fi ', ' d', ' for x in y; do e | f; done', 'while g; do h; done']);
    expect(listSegments('a | if b; then c; fi || echo if then')).toEqual(['a | if b; then c; fi ', ' echo if then']);
    expect(listSegments('eval "$(a; b && c "$(d)")" && e')).toEqual(['eval "$(a; b && c "$(d)")" ', ' e']);
    for (const whole of ['if a; then b; fi && c; fi', 'if a; then b && c', 'a && then b', 'a | [[ x && y ]]', 'for x in $(y); do z', 'a && "if" b; fi']) {
      expect(listSegments(whole), whole).toBeNull();
    }
    for (const whole of ['a', '((x++)) && y', '{ a; b; } && c', 'if a; then b; fi', 'a && # c; d', 'cat <<EOF && b\nx\nEOF', 'echo `a;b` && c', 'case x in a) b;; esac', 'a &&', 'a ;; b', '[[ a && b ]]', 'echo "$((1 + 2))" && c', 'echo "$(a # )" && b)"; c', 'echo "$(cat <<EOF\n)\nEOF\n)" && c', 'echo "$(${x%)})" && c', 'f() { a; }; f']) {
      expect(listSegments(whole), whole).toBeNull();
    }
  });
});
