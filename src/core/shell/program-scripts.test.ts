// Commands started by awk programs, gdb commands and Vim commands given on the command line: what
// each reader finds, that everyday use finds nothing, that hostile text stays bounded, and the
// verdicts the engine gives once they are found.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { loadPolicyText } from '../policy/load-policy.js';
import type { Embedded } from './embedded-commands.js';
import { MAX_CALLS } from './inline-code.js';
import { loadBashParser } from './load-grammar.js';
import { programScripts } from './program-scripts.js';
import { literal, type Word } from './types.js';

const found = (...words: string[]): Embedded[] => programScripts(words[0]!, words.map(literal)) ?? [];
const scripts = (...words: string[]): string[] => found(...words).flatMap((e) => (e.kind === 'script' ? [e.text] : []));
const unresolved = (...words: string[]): boolean => found(...words).some((e) => e.kind === 'unresolved');

describe('awk programs', () => {
  it('judges the command given to system() as a plain string', () => {
    expect(found('awk', 'BEGIN { system("git push --force") }')).toEqual([{ kind: 'script', label: 'awk program', text: 'git push --force' }]);
    expect(scripts('gawk', 'BEGIN{system ( "make \\"all\\" \\\\" )}')).toEqual(['make "all" \\']);
    expect(scripts('mawk', '{ if ($1 > 0) system("rm -rf /tmp/x") }', 'in.txt')).toEqual(['rm -rf /tmp/x']);
  });

  it('gives both readings of an escape awks read differently', () => {
    // gawk drops the backslash before `$`; mawk and BWK awk keep it
    expect(scripts('awk', 'BEGIN{system("echo \\$HOME")}')).toEqual(['echo $HOME', 'echo \\$HOME']);
  });

  it('leaves a command built at run time unresolved', () => {
    for (const program of ['BEGIN{system(cmd)}', 'BEGIN{system("rm " $1)}', '{ system($0) }', 'BEGIN{f="system"; @f("ls")}']) {
      expect(found('awk', program)).toEqual([expect.objectContaining({ kind: 'unresolved', label: 'awk program' })]);
    }
  });

  it('reads the commands piped into getline and printed to', () => {
    expect(scripts('awk', 'BEGIN { "date +%s" | getline now; print now }')).toEqual(['date +%s']);
    expect(scripts('gawk', 'BEGIN { while (("git push -f" |& getline line) > 0) n++ }')).toEqual(['git push -f']);
    expect(scripts('awk', '{ print $1 | "sort -u" }')).toEqual(['sort -u']);
    expect(scripts('gawk', '{ printf "%s\\n", $2 |& "cat -n"; close("cat -n") }')).toEqual(['cat -n']);
    expect(unresolved('awk', '{ cmd | getline x }')).toBe(true);
    expect(unresolved('awk', '{ "ls " dir | getline x }')).toBe(true);
    expect(unresolved('awk', '{ print | cmd }')).toBe(true);
    expect(unresolved('awk', '{ print | "sort " opts }')).toBe(true);
  });

  it('holds what is printed to a shell for a person: the shell runs it', () => {
    for (const shell of ['sh', '/bin/bash', 'bash -s', 'dash -x']) {
      expect(found('awk', `{ print "git push -f" | "${shell}" }`)).toContainEqual(expect.objectContaining({ kind: 'unresolved', reason: 'awk program pipes what it prints to a shell, which runs it as commands' }));
    }
    expect(found('awk', '{ print | "sh -c \\"sort\\"" }')).toEqual([{ kind: 'script', label: 'awk program', text: 'sh -c "sort"' }]);
    expect(found('awk', 'BEGIN { system("") }')).toEqual([]); // flushes output, runs nothing
  });

  it('finds nothing in everyday programs: regex alternation, ||, | in strings, getline from files', () => {
    for (const program of [
      '{print $1}', '$3 > 100 || /x|y/ {print $0}', '{ printf "%s|%s\\n", $1, $2 }', '/a|b/ {print}', '$1 ~ /^(GET|POST)$/',
      'BEGIN { while ((getline line < "f.txt") > 0) n++ } END { print n }', '{ getline; print }', 'NR == 1, /x|y/',
      '{ n = $1 / 2; m = $2 / 3 } END { print n }', 'split($0, a, /,|;/)', '# system("rm -rf /")\n{print}',
      '{ gsub(/[|\\/]/, "-"); print }', '{ print "system(\\"x\\")" }', 'BEGIN { FS = "|" } { print $2 }',
    ]) expect(found('awk', program), program).toEqual([]);
    expect(found('awk', '-F:', '{print $1}', '/etc/passwd')).toEqual([]);
  });

  it('reads the program where the options put it', () => {
    const run = 'BEGIN{system("git push --force")}';
    expect(scripts('awk', '-F', ':', '-v', 'x=1', run)).toEqual(['git push --force']);
    expect(scripts('awk', '-F:', '-vx=1', '--', run)).toEqual(['git push --force']);
    expect(scripts('gawk', '-e', run, 'file')).toEqual(['git push --force']);
    expect(scripts('gawk', '--source', run)).toEqual(['git push --force']);
    expect(scripts('gawk', `--sou=${run}`)).toEqual(['git push --force']);
    expect(scripts('gawk', '-W', `source=${run}`)).toEqual(['git push --force']);
    expect(scripts('gawk', `-bne${run}`)).toEqual(['git push --force']);
    // -d takes its file in the same word: `-dx` is no -f
    expect(scripts('gawk', '-dx', run)).toEqual(['git push --force']);
    // a program file: the text in it is not on the line, and the first word is a data file
    expect(found('awk', '-f', 'prog.awk', run)).toEqual([]);
    expect(found('gawk', '--file=prog.awk', run)).toEqual([]);
    expect(found('gawk', '-E', 'prog.awk', run)).toEqual([]);
    // gawk's sandbox runs no command
    expect(found('gawk', '--sandbox', run)).toEqual([]);
  });

  it('leaves a program known only at run time unresolved when it may start programs', () => {
    const dynamic = (text: string): Word => ({ kind: 'dynamic', text, split: false });
    const read = (w: Word) => programScripts('awk', [literal('awk'), w]);
    expect(read(dynamic('"$PROGRAM"'))).toEqual([expect.objectContaining({ kind: 'unresolved' })]);
    expect(read(dynamic('"BEGIN{system(\\"rm $DIR\\")}"'))).toEqual([expect.objectContaining({ kind: 'unresolved' })]);
    expect(read(dynamic('"{print \\$$N}"'))).toEqual([]);
  });
});

describe('gdb commands', () => {
  it('judges shell, !, pipe and python commands', () => {
    expect(found('gdb', '-batch', '-ex', 'shell git push --force')).toEqual([{ kind: 'script', label: 'gdb -ex', text: 'git push --force' }]);
    expect(scripts('gdb', '-ex', '!rm -rf /', '-ex', '! ls')).toEqual(['rm -rf /', 'ls']);
    expect(scripts('gdb', '-ex', 'pipe info registers | grep rip | tee out')).toEqual(['grep rip | tee out']);
    expect(scripts('gdb', '-ex', '| bt | wc -l', '-ex', 'pipe -d XX print 1 XX cat')).toEqual(['wc -l', 'cat']);
    expect(unresolved('gdb', '-ex', 'pipe echo git push -f\\n | sh')).toBe(true);
    expect(scripts('gdb', '-ex', 'python import os; os.system("git push -f")')).toEqual(['git push -f']);
    expect(scripts('gdb-multiarch', '-ex', 'pi import subprocess; subprocess.run("id", shell=True)')).toEqual(['id']);
  });

  it('reads every spelling of the command options, and nothing after --args', () => {
    expect(scripts('gdb', '--eval-command=shell a', '--ex', 'shell b', '-ev', 'shell c', '-eval-command', 'shell d')).toEqual(['a', 'b', 'c', 'd']);
    expect(found('gdb', '-iex', 'shell e')).toEqual([{ kind: 'script', label: 'gdb -iex', text: 'e' }]);
    expect(scripts('gdb', '--init-eval-command', 'shell f', '-init-eval-command=shell g')).toEqual(['f', 'g']);
    expect(found('gdb', '--args', './prog', '-ex', 'shell x')).toEqual([]);
  });

  it('finds nothing in gdb commands that start no program', () => {
    expect(found('gdb', '-batch', '-ex', 'break main', '-ex', 'run', '-ex', 'bt', '-ex', 'python print(1)', './a.out')).toEqual([]);
    expect(found('gdb', '-x', 'cmds.gdb', '-p', '1234')).toEqual([]);
  });

  it('reads system() called in the debugged program, and leaves eval and an interactive shell unresolved', () => {
    expect(scripts('gdb', '-p', '1', '-ex', 'call (int)system("git push --force")')).toEqual(['git push --force']);
    expect(unresolved('gdb', '-ex', 'call system(cmd)')).toBe(true);
    expect(unresolved('gdb', '-ex', 'eval "shell %s", x')).toBe(true);
    expect(found('gdb', '-ex', 'shell')).toEqual([{ kind: 'unresolved', label: 'gdb -ex', reason: 'gdb -ex starts an interactive shell' }]);
  });
});

describe('Vim commands', () => {
  it('judges :! in every form, the rest of the command (| included) as the shell command', () => {
    expect(found('vim', '-c', '!git push --force')).toEqual([{ kind: 'script', label: 'vim -c', text: 'git push --force' }]);
    for (const command of [':!ls | wc -l', 'silent !ls | wc -l', 'silent! !ls | wc -l', 'sil !ls | wc -l', 'set nu | !ls | wc -l', '  :: !ls | wc -l']) {
      expect(scripts('vim', '-c', command), command).toEqual(['ls | wc -l']);
    }
    expect(scripts('nvim', '+%!sort -u', '-c', '1,5!tr a b', "+'<,'>!fmt", 'f.txt')).toEqual(['sort -u', 'tr a b', 'fmt']);
    expect(scripts('vi', '-c', 'r !date', '-c', 'read !uname', '-c', 'r!id', '-c', 'w !sudo tee out', '-c', 'write !cat')).toEqual(['date', 'uname', 'id', 'sudo tee out', 'cat']);
    expect(scripts('vim', '--cmd', '!a', '-cb!', '+!c', '-Nc', '!d')).toEqual(['a', 'c', 'd']);
    expect(scripts('vim', '-c', 'g/TODO/!echo found', '-c', 'windo !echo w', '-c', 'au VimEnter * ++once !echo au')).toEqual(['echo found', 'echo w', 'echo au']);
    expect(scripts('vim', '-c', 'py3 import os; os.system("git push -f")')).toEqual(['git push -f']);
  });

  it('holds lines of the file piped to a shell for a person, not a shell run from the command line', () => {
    for (const command of ['%!sh', 'w !bash', '1,$!sh -s']) expect(unresolved('vim', '-c', command), command).toBe(true);
    expect(found('vim', '-c', '!sh -c "make test"')).toEqual([{ kind: 'script', label: 'vim -c', text: 'sh -c "make test"' }]);
  });

  it('does not take a force-write for a shell command', () => {
    expect(found('vim', '-c', 'w!', '-c', 'wq!', '-c', 'w! out.txt', '-c', 'x')).toEqual([]);
  });

  it('leaves commands that run what is known only at run time unresolved', () => {
    for (const command of ['call system("ls")', 'let x = systemlist("ls")', 'call jobstart(["ls"])', 'call termopen("ls")', 'terminal', 'term ls', 'exe "!ls"', 'execute g:cmd', 'set shell=/tmp/x', '!wc -l %', 'normal @a', 'lua vim.cmd("!ls")', 'call luaeval("x()")']) {
      expect(found('vim', '-c', command), command).toEqual([expect.objectContaining({ kind: 'unresolved', label: 'vim -c' })]);
    }
    expect(scripts('vim', '-c', '!echo 100\\%')).toEqual(['echo 100%']);
    expect(unresolved('vim', '--remote-send', ':!ls<CR>')).toBe(true);
  });

  it('finds nothing in everyday commands, files, line numbers, restricted mode and words after --', () => {
    expect(found('vim', '-c', 'set number', '-c', 'wq', '+10', '+', '+/pattern', 'file.txt')).toEqual([]);
    expect(found('nvim', '--headless', '-c', 'lua require("lazy").sync()', '-c', 'qa', '-c', 'normal! gg=G')).toEqual([]);
    expect(found('vim', '-S', 'session.vim', '-u', 'NONE', '-i', 'NONE', 'file')).toEqual([]);
    expect(found('vim', '-Z', '-c', '!ls')).toEqual([]);
    expect(found('vim', '--', '+!ls')).toEqual([]);
    expect(found('vim', '-s', '-c', '!ls')).toEqual([]); // -s takes its keys file: here `-c`, and `!ls` is a file to edit
    expect(scripts('vim', '-es', '-c', '!ls')).toEqual(['ls']); // in Ex mode -s is silent mode
    expect(scripts('ex', '-s', '-c', '!ls')).toEqual(['ls']);
  });
});

describe('any text', () => {
  const PIECES = [
    'system(', '"', '\\', '|', '|&', '||', 'getline', 'print', '/', '[', ']', '(', ')', '{', '}', ';', '\n', '!', ':', '%',
    'g/', 'silent', 'r', 'w', 'au', 'x ', ' ', 'shell', 'pipe', 'python', 'os.system("', '`', '@', '#', '$', 'execute',
  ];
  const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((p) => p.join(''));
  const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), soup);
  const readers: readonly ((t: string) => string[])[] = [
    (t) => ['awk', t], (t) => ['gawk', '-e', t], (t) => ['gdb', '-ex', t], (t) => ['vim', '-c', t], (t) => ['nvim', `+${t}`],
  ];

  it('never throws and finds at most a bounded number of commands per word', () => {
    fc.assert(fc.property(text, fc.constantFrom(...readers), (t, words) => {
      const out = found(...words(t));
      expect(out.length).toBeLessThanOrEqual(MAX_CALLS + 1);
      for (const e of out) expect(['script', 'unresolved']).toContain(e.kind);
    }), { numRuns: 1_500 });
  });

  it('reads hostile text in bounded time', () => {
    const hostile = [
      ['awk', 'BEGIN{' + Array.from({ length: 20_000 }, (_, i) => `system("x${i}");`).join('') + '}'],
      ['awk', '/['.repeat(50_000)],
      ['awk', '"'.repeat(100_001)],
      ['vim', '-c', 'g/x/'.repeat(20_000) + '!ls'],
      ['vim', '-c', 'au a b '.repeat(20_000) + '!ls'],
      ['vim', '-c', '|'.repeat(100_000) + '!ls'],
      ['gdb', '-ex', `python ${'os.system(x);'.repeat(20_000)}`],
    ];
    for (const words of hostile) {
      const started = performance.now();
      const out = found(...words);
      expect(out.length).toBeLessThanOrEqual(MAX_CALLS + 1);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
    const last = found(...hostile[0]!).at(-1);
    expect(last?.kind === 'unresolved' && last.reason).toMatch(/more than 100 programs/);
  });
});

describe('judged by the engine', () => {
  const POLICY = `
version: 1
roles:
  - name: enforce
    mode: enforce
    on_unresolved: ask
    commands:
      - { pattern: "git push --force*", action: deny }
      - { pattern: "rm -rf /*", action: deny }
      - { pattern: "git *", action: allow }
    defaults: { command: allow }
`;
  let engine: Engine;
  beforeAll(async () => {
    const loaded = loadPolicyText(POLICY, 'program-scripts.yaml');
    if (!loaded.value) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    engine = new Engine(loaded.value, await loadBashParser());
  });
  const decide = (command: string) => engine.evaluate({ kind: 'command', command, context: {} });

  it.each([
    `awk 'BEGIN{system("git push --force")}'`,
    `gawk '{ print | "git push --force origin main" }' list`,
    `gdb -batch -ex 'shell git push --force'`,
    `gdb -nx -ex '!rm -rf /' -ex quit`,
    `vim -c '!git push --force'`,
    `sudo vim -es -c 'silent !git push --force' -c 'qa!'`,
    `busybox awk 'BEGIN { "git push --force" | getline }'`,
  ])('blocks %s, naming the command inside', (command) => {
    const d = decide(command);
    expect(d.verdict).toBe('block');
    expect(d.commands.some((c) => c.verdict === 'block' && /^(git|rm)$/.test(c.argv[0] ?? ''))).toBe(true);
  });

  it.each([`awk 'BEGIN{system(cmd)}'`, `vim -c 'call system("git push -f")'`, `gdb -ex "shell $CMD"`])('holds %s for a person', (command) => {
    expect(decide(command).verdict).toBe('ask');
  });

  it.each([
    `awk -F: '{print $1}' /etc/passwd`,
    `awk '$3 > 100 || /x|y/ {print $0}' data.txt`,
    `awk '{ printf "%s|%s\\n", $1, $2 }' data.txt`,
    `awk 'BEGIN { "git rev-parse HEAD" | getline sha; print sha }'`,
    `gdb -batch -ex run -ex bt --args ./a.out --flag`,
    `vim -c 'set number' -c wq +10 notes.txt`,
    `vim -c '%!sort -u' -c wq list.txt`,
  ])('allows %s', (command) => {
    expect(decide(command).verdict).toBe('allow');
  });
});
