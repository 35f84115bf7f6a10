import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { analyseShell } from './analyse.js';
import { loadBashParser } from './load-grammar.js';
import { canEndWithSemicolon, runOnNewlines } from './run-on-lines.js';
import { readTree } from './syntax-tree.js';
import { DEFAULT_LIMITS } from './types.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

const grammarOnly = { ...DEFAULT_LIMITS, plainFastPath: false };
const runOn = (line: string): number => {
  const tree = parser.parse(line)!;
  try {
    return (runOnNewlines(readTree(tree, line))[0]?.to ?? 0) - 1;
  } finally {
    tree.delete();
  }
};

describe('a command the grammar runs on past a newline', () => {
  it('is found where the grammar does so, and nowhere else', () => {
    expect(runOn('a | b | c\ngit push -f >x')).toBe(9);
    expect(runOn('a|a|b|c>1\ngit push -f&&e')).toBe(9);
    expect(runOn('a | b | c\nd\ne | f')).toBe(-1);
    expect(runOn('a \\\nb\nc')).toBe(-1);
    expect(runOn('echo "x\ny" | b | c')).toBe(-1);
    expect(runOn('cat <<EOF | a | b\nbody\nEOF')).toBe(-1);
    // A line that starts with a backslash: the grammar makes it a word of the line before.
    expect(runOn('echo `d`\n\\rm -rf /')).toBe(8);
    expect(runOn('echo `d` \\\\\n\\rm x')).toBe(11);
    expect(runOn('echo `d` \\\n\\rm x')).toBe(-1);
  });

  it('is analysed as the command bash runs on its own line', () => {
    for (const line of [
      'cat a | grep b | sort\ngit push -f >/dev/null',
      'a|a|b|c>1\ngit push -f&&true',
      'a | b | c | d\ntrue ||\ndeclare -x A=1\ngit push -f >/dev/null',
      'ls | sort | uniq -c\necho x | git push -f 2>&1',
      'a|b|c <<< x | a # comment\n\n\nunset A | git push -f > out.txt',
      'echo `date`\n\\git push -f',
      'ls *.ts\n\\git push -f',
      'echo $((1+2)) \\\\\n\\git push -f',
      'a # comment\n\\git push -f',
      'echo `d` # comment\n\n\\git push -f',
    ]) {
      const commands = analyseShell(parser, line, grammarOnly).commands.map((c) => c.argv.map((w) => w.text).join(' '));
      expect(commands, line).toContain('git push -f');
    }
  });

  it('is never given a `;` that would change what bash reads', () => {
    expect(canEndWithSemicolon('a\nb', 2)).toBe(true);
    expect(canEndWithSemicolon('a\n ;b', 2)).toBe(false);
    expect(canEndWithSemicolon('a\n&b', 2)).toBe(false);
    expect(canEndWithSemicolon('(a\n)', 3)).toBe(false);
  });
});
