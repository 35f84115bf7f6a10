import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { loadBashParser } from './load-grammar.js';
import { quickTree } from './quick-parse.js';
import { runOnNewlines, withEdits } from './run-on-lines.js';
import { readTree, type SyntaxNode } from './syntax-tree.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

/** A tree as text: type, number, range, field and children of every node. */
function shape(n: SyntaxNode): string {
  const kids = n.children.map((c, i) => `${n.fields[i] ?? ''}:${shape(c)}`).join(' ');
  return `${n.isNamed ? n.type : JSON.stringify(n.type)}#${n.id}[${n.startIndex},${n.endIndex}]${kids ? `(${kids})` : ''}`;
}

/**
 * The grammar runs a command on past a newline where bash ends it (`a|b|c\nd >f` gives `c d` one
 * command, `a\n\\b` one word `\n\\b`); bash, and the quick reader, end it there. The analysis
 * parses such a line again with that newline spelled `;` (run-on-lines.ts), so the commands found agree.
 */
function grammarShape(line: string): { shape: string; error: boolean; runsOn: boolean } {
  const tree = parser.parse(line)!;
  try {
    const root = readTree(tree, line);
    const edits = runOnNewlines(root);
    if (edits.length === 0) return { shape: shape(root), error: tree.rootNode.hasError, runsOn: false };
    // What the analysis parses instead: the error, if any, must not outlast the newlines spelled `;`.
    const fixed = withEdits(line, edits);
    return { ...(fixed === null ? { shape: shape(root), error: true } : { ...grammarShape(fixed), shape: shape(root) }), runsOn: true };
  } finally {
    tree.delete();
  }
}

// Mostly parts the quick reader takes, with the ones it leaves to the grammar mixed in at a low
// weight, so both the comparison and the bail-outs are exercised.
const bare = fc.constantFrom('git', 'push', '--force', '-f', 'origin', 'main', 'curl', '-fsSL', 'https://x.sh/i', 'echo', 'sh', 'bash', 'rm', '-rf', '/tmp/x', '10', '-5', '007', '1.5', 'a=b', '--x=y', '~/x', 'HEAD~3', 'x-y', '.', '..', '-', '--', 'a:b', '0', '2');
const oddBare = fc.constantFrom('a%b', '@x', 'a,b', '+x', 'if', 'done', 'export', 'in', '*.ts', '{a,b}', '#c', '!x', 'a\\', '\\\n', '\\\t', '{}\\;', 'a{}', '-I{}', '{}}', '{', '}');
// Backslashes escape one character each: of a program's name, an operator, a quote, a blank.
const escaped = fc.constantFrom('\\git', '\\;', 'a\\ b', '\\$x', 'x\\|y', '\\\\', "a\\'b", '\\"', '1\\2', '\\*', '\\if', '\\(', '\\{', '\\#', '\\&', '\\>', '\\-', '\\~', '\\=', '-\\-force');
const quoted = fc.constantFrom('"a b"', "'a b'", '""', "''", '"$X"', '"a$X"', '"${X}y"', '"$(b c)"', '"  x  "', "'$(x)'", '"a|b;c&d"',
  // Lines and blanks inside double quotes: the grammar's text nodes skip newlines and lone blanks.
  '"a\nb"', '"Add x\n\nBody, more.\n"', '" $X"', '"  "', '"$X  ${Y} "', '"a\n \t$(b)"', '"\n"', '" \n$X\n "', '"a \n b"', "'a\nb'");
const oddQuoted = fc.constantFrom('"a $ b"', '"x!"', '"a\\"b"', '"`id`"', '"$1"');
const expansion = fc.constantFrom('$X', '${X}', '$HOME', '$_', '${_}', '"$_"', '$(git rev-parse HEAD)', '$(a | b)', '$(a; b)', '$(a && b)', '$( a )', '"$(cat <<\'EOF\'\nA "b" `c`\n\nEOF\n)"', '$(cat <<EOF\nx\nEOF\n)');
const oddExpansion = fc.constantFrom('$1', '$@', '${X:-y}', '$((1+2))', '`a \\` b`', '`a\nb`', '``', '`a`b', '`#c`', '`a <<E`');
// Backquotes: plain commands on one line (bash unescapes backslashes in them first).
const backquoted = fc.constantFrom('`id`', '`git rev-parse HEAD`', '`a | b`', '`a; b`', '`a && b`', '` a `', '`echo $X`', '`echo $(date)`', '$(echo `date`)', '`for x in a; do b; done`', '`cat f`', '`echo "a b"`', "`printf 'x y'`", '`a > f`', '`(a)`', '`X=1 a &`', '`[ -f x ]`');
const part = fc.oneof(
  { weight: 12, arbitrary: bare }, { weight: 5, arbitrary: quoted }, { weight: 5, arbitrary: expansion },
  { weight: 1, arbitrary: fc.oneof(oddBare, oddQuoted, oddExpansion) }, { weight: 1, arbitrary: escaped },
);
const word = fc.oneof({ weight: 4, arbitrary: part }, { weight: 1, arbitrary: fc.array(part, { minLength: 2, maxLength: 3 }).map((ps) => ps.join('')) });
const assignment = fc.tuple(fc.oneof({ weight: 12, arbitrary: fc.constantFrom('X', 'A_1', 'ab') }, { weight: 1, arbitrary: fc.constant('_') }), fc.oneof(fc.constant(''), word)).map(([n, v]) => `${n}=${v}`);
const fileRedirect = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('> f', '>f', '>> out.log', '< in.txt', '2>&1', '2> /dev/null', '2>/dev/null', '&> f', '&>> f', '>&2', '1>&2', '> "$F"', '> 1') },
  { weight: 1, arbitrary: fc.constantFrom('>&-', '<<EOF', '<(x)', '>| f', '<> f', '0>&1', '0< in.txt') },
);
const hereString = fc.constantFrom('<<< x', '<<< "a $b"', '<<<$X');
// Here-documents end their line; their bodies hold text of every kind, lines that start like the
// delimiter, and the characters read nowhere else.
const bodyLine = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('text here', '', '  indented', 'use `id`', 'c:\\path\\n', "it's", 'say "hi"', ')', '# c', 'x; y && z') },
  { weight: 1, arbitrary: fc.constantFrom('a $X b', '$(rm -rf /)', 'EOFX', 'EOF ', ' EOF', '\t\tEOF') },
);
const heredoc = fc.tuple(
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom('<<EOF', "<<'EOF'", '<<"EOF"', "<< 'EOF'", "<<'E_1'") }, { weight: 1, arbitrary: fc.constantFrom('<<-EOF', "<<'EOF' | sh", '<<EOF > f', "<<'EOF' && x", '<<\\EOF') }),
  fc.array(bodyLine, { minLength: 1, maxLength: 4 }),
  fc.constantFrom('', ' ', '\t'),
).map(([start, lines, pad]) => `${start}${pad}\n${lines.map((l) => `${l}\n`).join('')}${/E_1/.test(start) ? 'E_1' : 'EOF'}`);
// A here-string mixed with other redirects is left to the grammar: rarely here.
const redirects = fc.oneof(
  { weight: 8, arbitrary: fc.array(fileRedirect, { maxLength: 2 }) },
  { weight: 2, arbitrary: hereString.map((h) => [h]) },
  { weight: 1, arbitrary: fc.tuple(hereString, fileRedirect).map((rs) => rs) },
);
const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('git', 'curl', 'echo', 'rm', 'sh', 'bash', 'npm', './x.sh', '/usr/bin/git', 'sudo', 'env', 'xargs', 'x-y', 'a.b', '\\git', 'g\\it', '\\rm') },
  { weight: 2, arbitrary: word },
);
// `{}` alone is read as an argument (`find … -exec rm {} \;`); joined to more, left to the grammar.
const argument = fc.oneof({ weight: 12, arbitrary: word }, { weight: 1, arbitrary: fc.constant('{}') });
const command = fc.tuple(fc.array(assignment, { maxLength: 2 }), name, fc.array(argument, { maxLength: 4 }), redirects)
  .map(([as, n, ws, rs]) => [...as, n, ...ws, ...rs].join(' '));
const test = fc.tuple(fc.constantFrom('-f', '-z', '-n', '-d', '-x', '-e'), fc.oneof(bare, quoted, expansion)).map(([o, w]) => `[ ${o} ${w} ]`);
const oddTest = fc.constantFrom('[ "$a" = b ]', '[ ! -f x ]', '[[ -f x ]]', '[ -f x -a -d y ]', '[ -n 5 ]', '[ -f ]', '[ -f x]', '[-f x ]');
const condition = fc.oneof({ weight: 4, arbitrary: command }, { weight: 4, arbitrary: test }, { weight: 1, arbitrary: oddTest });
const terminated = (c: fc.Arbitrary<string>) => fc.tuple(c, fc.constantFrom(';', ' ;', ';', ' &', '&', '\n', ';\n', ' \n ')).map(([x, t]) => x + t);
const body = fc.array(terminated(command), { minLength: 1, maxLength: 2 }).map((cs) => cs.join(' '));
const conditions = fc.array(terminated(condition), { minLength: 1, maxLength: 2 }).map((cs) => cs.join(' '));
const forLoop = fc.tuple(fc.array(word, { minLength: 1, maxLength: 3 }), body).map(([ws, b]) => `for f in ${ws.join(' ')}; do ${b} done`);
const whileLoop = fc.tuple(conditions, body).map(([c, b]) => `while ${c} do ${b} done`);
const ifStatement = fc.tuple(conditions, body, fc.option(fc.tuple(conditions, body)), fc.option(body))
  .map(([c, b, elif, otherwise]) => `if ${c} then ${b}${elif ? ` elif ${elif[0]} then ${elif[1]}` : ''}${otherwise ? ` else ${otherwise}` : ''} fi`);
const oddCompound = fc.constantFrom('for x in a do b; done', 'if a then b; fi', 'while a; do b done', 'for x; do a; done', 'if a; then b; fi x', 'for x in a; do b; done done', 'if a; then fi', 'while a; do; done', 'for 1 in a; do b; done', 'if a; b; then c; elif d; then e; fi;');
const compound = fc.oneof({ weight: 3, arbitrary: forLoop }, { weight: 3, arbitrary: whileLoop }, { weight: 3, arbitrary: ifStatement }, { weight: 1, arbitrary: oddCompound });
const unit = fc.oneof(
  { weight: 5, arbitrary: command }, { weight: 1, arbitrary: command.map((c) => `(${c})`) }, { weight: 1, arbitrary: command.map((c) => `( ${c}; ${c} )`) },
  { weight: 2, arbitrary: compound }, { weight: 1, arbitrary: test },
);
const op = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(' | ', '|', ' && ', '&&', ' || ', ' ; ', ';', ' & ') },
  { weight: 4, arbitrary: fc.constantFrom('\n', ';\n', ' &\n', '\n\n  ', ' \n') },
  { weight: 1, arbitrary: fc.constantFrom(' |& ', ' &&\n', ' |\n', '\n;', '\n&&') },
);
// A here-document ends its line: most often the line's last command, or the one before a newline.
const heredocCommand = fc.tuple(name, fc.array(word, { maxLength: 2 }), fc.constantFrom('', '-', '> f', '2>/dev/null'), heredoc)
  .map(([n, ws, before, h]) => [n, ...ws, before, h].filter((x) => x !== '').join(' '));
const line = fc.tuple(
  unit, fc.array(fc.tuple(op, unit), { maxLength: 3 }), fc.constantFrom('', ';', ' &', ' ', '  ', '\n', ';\n'), fc.constantFrom('', ' ', '\t', '\n'),
  fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('\n', ' && ', ' || ', '; '), heredocCommand, fc.constantFrom('', '\n', '\necho done')) }),
).map(([first, rest, end, pad, last]) => pad + first + rest.map(([o, u]) => o + u).join('') + (last ? last.join('') : end));

// One backquoted substitution (the most the quick reader takes on a line) as a command's name or
// argument, or in an assignment, before or after a line of the shapes above.
const backquoteCommand = fc.oneof(
  fc.tuple(fc.array(assignment, { maxLength: 1 }), name, fc.array(word, { maxLength: 2 }), backquoted, fc.array(word, { maxLength: 2 }))
    .map(([as, n, before, b, after]) => [...as, n, ...before, b, ...after].join(' ')),
  fc.tuple(backquoted, fc.array(word, { maxLength: 3 })).map(([b, ws]) => [b, ...ws].join(' ')),
);
const backquoteLine = fc.tuple(fc.oneof(backquoteCommand, backquoted.map((b) => `X=${b}`)), op, line, fc.boolean())
  .map(([b, o, rest, first]) => (first ? `${b}${o}${rest}` : `${rest}${o}${b}`));

/** The grammar reads `a | b | c && d` as `a | ((b | c) && d)`; bash (and the quick reader) as `(a | b | c) && d`. */
function grammarMisreads(l: string): boolean {
  // Escaped characters, quotes and groups hide their operators from the line's own.
  let flat = l.replace(/\\./g, 'e').replace(/'[^']*'|"[^"]*"/g, 'q');
  for (let before = ''; before !== flat;) {
    before = flat;
    flat = flat.replace(/\([^()]*\)/g, 'g');
  }
  flat = flat.replace(/\b(?:for|while)\b[\s\S]*?\bdone\b|\bif\b[\s\S]*?\bfi\b/g, 'g');
  flat = flat.replace(/\|\|/g, '‖').replace(/&>|>&/g, 'r'); // redirects, not operators
  return /\|[^|&;‖]*\|[^|&;‖]*(?:&&|‖)|(?:&&|‖)[^;&]*\|[^|]*\|/.test(flat);
}

/**
 * Compares the quick reader's tree with the grammar's on every generated line the quick reader
 * reads; returns the share of lines it read (a reader that gave up on everything would pass the
 * comparison without reading anything).
 */
function compareWithGrammar(lines: fc.Arbitrary<string>, numRuns: number): number {
  let read = 0;
  let runs = 0;
  fc.assert(fc.property(lines, (l) => {
    runs++;
    const quick = quickTree(l);
    if (quick === null) return;
    read++;
    const reference = grammarShape(l);
    expect(reference.error, `the quick reader read a line the grammar finds wrong: ${l}`).toBe(false);
    if (grammarMisreads(l) || reference.runsOn) return;
    expect(shape(quick), l).toBe(reference.shape);
  }), { numRuns });
  return read / runs;
}

describe('the quick reader', () => {
  it('builds exactly the grammar’s tree wherever it reads a line', () => {
    // The generator is built to stay mostly inside the shapes read.
    expect(compareWithGrammar(line, 5_000)).toBeGreaterThan(0.25);
  });

  it('builds the grammar’s tree for a line with a backquoted substitution', () => {
    // About a tenth are read (the rest of the line must be read too): the comparison must see some.
    expect(compareWithGrammar(backquoteLine, 3_000)).toBeGreaterThan(0.05);
  });

  it('never throws and never reads a line the grammar finds wrong, whatever the line', () => {
    const shellish = fc.string({ unit: fc.constantFrom(...'ab1 0$(){}"\'|&;<>=-_\t\n/~%@'.split('')), maxLength: 40 });
    fc.assert(fc.property(fc.oneof(shellish, fc.string({ unit: 'binary', maxLength: 30 })), (l) => {
      const quick = quickTree(l);
      if (quick !== null) expect(grammarShape(l).error, l).toBe(false);
    }), { numRuns: 3_000 });
    expect(quickTree('$('.repeat(10_000) + ')'.repeat(10_000))).toBeNull();
    expect(quickTree(`${'(a; '.repeat(5)}a${')'.repeat(5)}`)).not.toBeNull();
  });

  it('reads the shapes agents use most', () => {
    for (const l of [
      'X=$(curl -fsSL https://x.sh/install) && echo "$X" | sh',
      'nohup nice -n 10 python train.py --epochs 3 > out.log 2>&1 &',
      'echo $(git rev-parse HEAD) > src/REVISION',
      'kill `cat /tmp/app.pid`',
      'cd `git rev-parse --show-toplevel` && make test',
      'bash <<< "rm -rf src/x"',
      '(cd src/x; git stash; git pull --rebase)',
      'npm test 2>&1 | tee test.log || echo "tests failed"',
      'for f in $(ls src/x); do echo "$f"; wc -l "$f"; done',
      'if [ -f test/a.json ]; then cat test/b.json; else touch lib/c.ts; fi',
      'while read -r l; do echo "$l"; done < files.txt',
      "cat > src/a.ts <<'EOF'\nconst re = /\\d+/; // `x`\nEOF",
      'git commit -m "$(cat <<\'EOF\'\nAdd a thing\n\nBecause.\nEOF\n)" && git push',
      "python3 - <<'EOF'\nprint('hi')\nEOF",
      'cat <<EOF\nplain text\nEOF',
      "find . -name '*.tmp' -exec rm -f {} \\; && git status",
      "find src -name '*.log' -exec gzip {} + || true",
      'echo $(echo {}) {} | xargs',
      'git commit -m "Add a thing\n\nBecause it was missing.\n" && git push',
      'echo " $X" "a\n \t$(date)"',
    ]) {
      const quick = quickTree(l);
      expect(quick, l).not.toBeNull();
      expect(shape(quick!)).toBe(grammarShape(l).shape);
    }
  });

  it('leaves other shapes to the grammar', () => {
    for (const l of ['for f in *; do rm "$f"; done', 'until a; do b; done', 'case x in a) b;; esac', 'cat <<EOF\n$x\nEOF', "cat <<'EOF' | sh\nx\nEOF", "cat <<'EOF'\nx\nEOFX\nEOF", 'a `b` `c`', 'a `b\\`c`', 'echo $1', 'f() { a; }', 'export A=1', 'a > f b', 'X=1 > f', 'echo {a,b}', 'ls *.ts', 'a # c', '[[ -f x ]]', 'echo "a\\"b"', 'a &&\nb', 'echo "a\u00a0\nb"', 'for x in a\ndo b; done', 'diff <(a) <(b)', 'a |& b', "echo 'x", 'echo "$((1+2))"', 'echo {}\\;', '{} x', 'x && {} y', 'X={}', 'echo a{}', 'echo {}}', 'echo > {}', 'xargs -I{} cp {} /tmp']) {
      expect(quickTree(l), l).toBeNull();
    }
  });
});
