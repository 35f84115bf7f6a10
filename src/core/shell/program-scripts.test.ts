// Commands started by awk programs, gdb commands and Vim commands given on the command line: what
// each reader finds, that everyday use finds nothing, that hostile text stays bounded, and the
// verdicts the engine gives once they are found.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.js';
import type { Embedded } from './embedded-commands.js';
import { MAX_CALLS } from './inline-code.js';
import { programScripts } from './program-scripts.js';
import { literal, type Word } from './types.js';
import { guardEngine } from '../testing/guard-engine.js';

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
      expect(found('awk', `{ print "git push -f" | "${shell}" }`)).toContainEqual(expect.objectContaining({ kind: 'unresolved', reason: 'awk program pipes what it prints to a program that may run it as commands (a shell or an interpreter)' }));
    }
    // behind a wrapper, after another command, or an interpreter reading its program from its input
    for (const target of ['env sh', 'sudo sh', 'nice -n 5 /bin/bash', 'true; sh', 'python3', '/usr/bin/perl', 'env ruby', 'node', 'php', 'gawk -f -', 'xargs git', 'sh -c \\"cat | sh\\"']) {
      expect(unresolved('awk', `BEGIN { print "git push --force" | "${target}" }`), target).toBe(true);
    }
    for (const target of ['sort -u', 'sudo tee out.txt', 'sh -c \\"sort\\"', 'bash -ec \\"wc -l\\"']) {
      expect(unresolved('awk', `{ print | "${target}" }`), target).toBe(false);
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
    // gawk's sandbox runs no command; mawk and BWK awk ignore -W options they do not know
    expect(found('gawk', '--sandbox', run)).toEqual([]);
    expect(found('gawk', '-W', 'sandbox', run)).toEqual([]);
    expect(scripts('mawk', '-W', 'sandbox', run)).toEqual(['git push --force']);
    expect(scripts('awk', '--sandbox', run)).toEqual(['git push --force']);
    expect(scripts('nawk', '-Wsandbox', run)).toEqual(['git push --force']);
  });

  it('takes a slash after a condition, exit or print for a regex, so a # in it hides nothing', () => {
    for (const program of [
      'BEGIN { if (0) /#/ ; system("git push --force") }',
      'BEGIN { while (0) /"/ ; system("git push --force") ; x = "/" }',
      'BEGIN { for (;0;) /#/ ; system("git push --force") }',
      'BEGIN { if (1) ; else /#/ ; system("git push --force") }',
      'BEGIN { exit /#/ } END { system("git push --force") }',
      'BEGIN { if ((1)) /#/ ; system("git push --force") }',
    ]) expect(scripts('gawk', program), program).toEqual(['git push --force']);
  });

  it('reads a slash awks read differently both ways: mawk takes `x++ /re/` for a regex, gawk for a division', () => {
    expect(scripts('mawk', '{ x++ /#/ ; system("git push --force") }')).toEqual(['git push --force']);
    expect(scripts('awk', '{ x-- /"/ ; system("git push --force") ; y = "/" }')).toEqual(['git push --force']);
    // division where every awk divides: the `/` after a name, a number, `]` or a grouping `)`
    expect(found('awk', '{ n = (a) / 2 # system("x")\n}')).toEqual([]);
    expect(found('awk', '{ print x[1] / 2, NF / 3 }')).toEqual([]);
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
    expect(scripts('gdb', '-p', '1', '-ex', 'call (int)system("git push --force")', '-ex', 'print $_shell("ls")')).toEqual(['git push --force', 'ls']);
    expect(unresolved('gdb', '-ex', 'call system(cmd)')).toBe(true);
    expect(unresolved('gdb', '-ex', 'eval "shell %s", x')).toBe(true);
    expect(found('gdb', '-ex', 'shell')).toEqual([{ kind: 'unresolved', label: 'gdb -ex', reason: 'gdb -ex starts an interactive shell' }]);
  });

  it('leaves an alias unresolved: it may rename shell', () => {
    expect(unresolved('gdb', '-ex', 'alias xx = shell', '-ex', 'xx git push --force')).toBe(true);
    expect(unresolved('gdb', '-ex', 'ali -a yy = shell')).toBe(true);
  });

  it('reads the commands that with, thread apply, frame apply and their short forms run', () => {
    for (const command of [
      'with print pretty -- shell git push --force', 'w print pretty on -- shell git push --force',
      'thread apply all shell git push --force', 'thread apply 1 2-3 -q -s shell git push --force', 't a all -- shell git push --force',
      'frame apply all -past-main on shell git push --force', 'frame apply level 1 2 shell git push --force',
      'taas shell git push --force', 'tfaas shell git push --force', 'faas shell git push --force',
      'thread apply all with print pretty -- !git push --force',
    ]) expect(scripts('gdb', '-ex', command), command).toEqual(['git push --force']);
    expect(found('gdb', '-ex', 'thread apply all bt', '-ex', 'with print pretty -- print x')).toEqual([]);
  });

  it('reads the console commands of interpreter-exec, and leaves another interpreter unresolved', () => {
    expect(scripts('gdb', '-ex', 'interpreter-exec console "shell git push --force"')).toEqual(['git push --force']);
    expect(scripts('gdb', '-ex', 'interp console "echo x" "shell a \\"b\\""', '-ex', "interpreter-exec console 'shell c\\'d'")).toEqual(['a "b"', "c'd"]);
    expect(unresolved('gdb', '-ex', 'interpreter-exec mi "-interpreter-exec console \\"shell x\\""')).toBe(true);
  });

  it('reads gdb.execute() in Python as a gdb command, and leaves any other use of it unresolved', () => {
    expect(scripts('gdb', '-ex', 'python gdb.execute("shell git push --force")')).toEqual(['git push --force']);
    expect(scripts('gdb', '-ex', 'python gdb.execute("python gdb.execute(\'!ls\')")')).toEqual(['ls']);
    expect(scripts('gdb', '-ex', 'python gdb.execute("echo x\\nshell git push --force")')).toEqual(['git push --force']);
    expect(found('gdb', '-ex', 'python gdb.execute("bt")')).toEqual([]);
    for (const code of ['gdb.execute(cmd)', 'e = gdb.execute; e("shell x")', 'from gdb import execute', 'gdb.execute_mi("-exec-run")']) {
      expect(unresolved('gdb', '-ex', `python ${code}`), code).toBe(true);
    }
  });

  it('reads make, and the debugged program\'s arguments a shell reads', () => {
    expect(scripts('gdb', '-ex', 'make; git push --force')).toEqual(['make ; git push --force']);
    expect(scripts('gdb', '-ex', 'run $(git push --force)', '/bin/true')).toEqual(['true $(git push --force)']);
    expect(scripts('gdb', '-ex', 'set args `git push --force`')).toEqual(['true `git push --force`']);
    expect(unresolved('gdb', '-ex', 'set exec-wrapper env X=1')).toBe(true);
    expect(found('gdb', '-ex', 'run', '-ex', 'r 1 2 --flag', '-ex', 'start')).toEqual([]);
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
    for (const command of ['call system(g:cmd)', 'let x = systemlist("ls " . g:dir)', 'call jobstart(["ls"])', 'call termopen("ls")', 'terminal', 'term ls', 'exe "!ls"', 'execute g:cmd', 'set shell=/tmp/x', '!wc -l %', 'normal @a', 'lua vim.cmd("!ls")', 'call luaeval("x()")']) {
      expect(found('vim', '-c', command), command).toEqual([expect.objectContaining({ kind: 'unresolved', label: 'vim -c' })]);
    }
    expect(scripts('vim', '-c', '!echo 100\\%')).toEqual(['echo 100%']);
    expect(unresolved('vim', '--remote-send', ':!ls<CR>')).toBe(true);
  });

  it('ends a shell command at a newline and reads the Ex commands after it', () => {
    const out = found('vim', '-es', '-c', 'r !true\nexe "call system(\'git push --force\')"');
    expect(out[0]).toEqual({ kind: 'script', label: 'vim -c', text: 'true' });
    expect(out).toContainEqual(expect.objectContaining({ kind: 'unresolved', reason: 'vim -c builds a command at run time with :execute' }));
    expect(scripts('vim', '-c', '!true\n!git push --force', '-c', 'w !cat\n%!sort\ng/x/!ls')).toEqual(['true', 'git push --force', 'cat', 'sort', 'ls']);
    // a backslash before the newline gives the newline to the shell
    expect(scripts('vim', '-c', '!echo a\\\ngit push --force')).toEqual(['echo a\ngit push --force']);
  });

  it('reads the command after :filter', () => {
    for (const command of ['filter /x/ !git push --force', 'filt! #a b# !git push --force', 'silent filter word !git push --force', 'filter /x/ r !git push --force']) {
      expect(scripts('vim', '-c', command), command).toEqual(['git push --force']);
    }
  });

  it('judges system() given a plain string, and leaves functions that call others by name unresolved', () => {
    expect(found('vim', '-c', 'echo system("date")')).toEqual([{ kind: 'script', label: 'vim -c', text: 'date' }]);
    expect(scripts('vim', '-c', "let x = systemlist('git log -1 --format=''%H''')", '-c', 'echo "x"->system()')).toEqual(["git log -1 --format='%H'"]);
    expect(unresolved('vim', '-c', 'echo system("sh", "git push --force")')).toBe(true); // the input is read by the shell
    for (const command of [
      "call call('system', ['git push --force'])", "call function('system')('git push --force')", "call funcref('system')('x')",
      'echo eval("sys" . "tem(\'x\')")', "call sort(['git push --force', 'x'], 'system')", 'call {"sys"."tem"}("x")',
      "call map(['x'], 'sys'.'tem(v:val)')", "call assert_fails('!x')", "call timer_start(0, 'Run')", 'echo system("a\\<CR>")',
      "%s/x/\\=call('system', ['x'])/", 'call nvim_command("!x")',
    ]) expect(unresolved('vim', '-c', command), command).toBe(true);
    // a substitution's pattern and replacement are text, not calls
    expect(found('vim', '-c', '%s/os.system(/subprocess.run(/g', '-c', 'wq')).toEqual([]);
  });

  it('leaves keys, menus and abbreviations that may run commands unresolved', () => {
    for (const command of [
      'nnoremap Q :!git push --force<CR>', 'nmap <silent> Q :py3 import os<CR>', 'map Q :!x<CR>', 'noremap! x y', 'amenu Foo.Bar :!x<CR>',
      'anoremenu 10.1 Foo.Bar :!x<CR>', 'inoreabbrev teh <Esc>:!x<CR>', 'cabbrev w !x', 'tnoremap <buffer> a b',
    ]) expect(unresolved('vim', '-c', command), command).toBe(true);
    expect(found('vim', '-c', 'nmap', '-c', 'map Q', '-c', 'm 0', '-c', 'sm/a/b/')).toEqual([]);
  });

  it('judges :grep and :make as the shell line they build', () => {
    expect(scripts('vim', '-c', 'grep x; git push --force;')).toEqual(['grep -n x; git push --force; /dev/null']);
    expect(scripts('vim', '-c', 'lgrepadd! TODO src/*.c | copen', '-c', 'make test', '-c', 'lmak')).toEqual(['grep -n TODO src/*.c /dev/null', 'make test', 'make']);
    expect(unresolved('vim', '-c', 'grep x %')).toBe(true);
    // `\|` and CTRL-V `|` give the shell a `|`
    expect(scripts('vim', '-c', 'grep a\\|git push --force')).toEqual(['grep -n a|git push --force /dev/null']);
    expect(scripts('vim', '-c', 'grep a\x16|git push --force')).toEqual(['grep -n a\x16|git push --force /dev/null']);
  });

  it('leaves Ex commands, keys and programs run through interpreter interfaces unresolved', () => {
    for (const command of [
      'py3 vim.command("!git push --force")', 'python3 import vim; vim.eval("system(\'x\')")', 'pyx from vim import command',
      'perl VIM::DoCommand("!x")', 'ruby VIM::command("!x")', 'ruby Vim.command("!x")', 'tcl ::vim::command "!x"', 'tcldo x', 'tclfile x.tcl', 'mz (x)',
      'lua vim.uv.spawn("git", {})', 'lua vim.loop.spawn("git", {})', 'lua vim.api.nvim_cmd({cmd="!"}, {})', 'lua vim.call("system", "x")',
      'lua vim.fn.libcall("x", "y", "z")', 'lua local e = os.execute; e("x")', 'lua local o = os; o.execute("x")', 'lua os.execute[[x]]',
      'lua io.popen(cmd)', 'lua vim.keymap.set("n", "Q", ":!x<CR>")', 'lua load("os.exe".."cute(\'x\')")()', 'lua local v = vim; v.cmd("!x")',
    ]) expect(unresolved('nvim', '-c', command), command).toBe(true);
    expect(scripts('nvim', '-c', 'lua os.execute("git push --force")', '-c', 'lua vim.fn.system("date")')).toEqual(['git push --force', 'date']);
    expect(found('nvim', '-c', 'lua vim.opt.number = true', '-c', 'lua print(vim.fn.expand("%"))')).toEqual([]);
  });

  it('leaves sourcing the buffer unresolved: the commands may have written it', () => {
    for (const command of ['%so', 'so', 'source %', "'<,'>source"]) expect(unresolved('vim', '-c', command), command).toBe(true);
    expect(found('vim', '-c', 'so session.vim')).toEqual([]);
  });

  it('leaves options that put text in the shell lines Vim runs, or name a function it calls, unresolved', () => {
    for (const command of ['set srr=>%s;git\\ push', 'set shellpipe=|sh', 'set makeef=x;y', 'set tagfunc=system', "let &opfunc = 'system'"]) {
      expect(unresolved('vim', '-c', command), command).toBe(true);
    }
    expect(found('vim', '-c', 'set ts=4 sw=4 et', '-c', 'setlocal spell spelllang=en')).toEqual([]);
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
  let engine: Engine;
  beforeAll(async () => {
    engine = await guardEngine();
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
    `vim -es -c $'r !true\n!git push --force'`,
    `vim -c 'filter /x/ !git push --force'`,
    `vim -c 'grep x; git push --force;'`,
    `vim -c 'echo system("git push --force")'`,
    `gdb -ex 'with print pretty -- shell git push --force'`,
    `gdb -ex 'interpreter-exec console "shell git push --force"'`,
    `gdb -ex 'python gdb.execute("shell git push --force")'`,
    `gdb -p 1 -ex 'thread apply all shell git push --force'`,
    `gdb -ex 'run $(git push --force)' ./a.out`,
    `gawk 'BEGIN { if (0) /#/ ; system("git push --force") }'`,
    `mawk -W sandbox 'BEGIN { system("git push --force") }'`,
  ])('blocks %s, naming the command inside', (command) => {
    const d = decide(command);
    expect(d.verdict).toBe('block');
    expect(d.commands.some((c) => c.verdict === 'block' && /^(git|rm)$/.test(c.argv[0] ?? ''))).toBe(true);
  });

  it.each([
    `awk 'BEGIN{system(cmd)}'`, `vim -c 'call system(g:cmd)'`, `gdb -ex "shell $CMD"`,
    `vim -es -c 'nnoremap Q :!git push --force<CR>' -c 'normal Q'`, `vim -c "call call('system', ['git push --force'])"`,
    `gdb -ex 'alias xx = shell' -ex 'xx git push --force'`, `awk 'BEGIN { print "git push --force" | "env sh" }'`,
    `nvim -c 'lua local e = os.execute; e("git push --force")'`,
  ])('holds %s for a person', (command) => {
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
    `vim -c 'echo system("date")'`,
    `vim -c 'grep -w TODO src/*.c' -c copen`,
    `gdb -batch -ex 'thread apply all bt' -ex 'run < input.txt' ./a.out`,
    `gawk --sandbox 'BEGIN { system("git push --force") }'`,
  ])('allows %s', (command) => {
    expect(decide(command).verdict).toBe('allow');
  });
});
