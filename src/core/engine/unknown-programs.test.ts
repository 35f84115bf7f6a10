import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { loadPolicyText } from '../policy/load-policy.js';
import { loadRuleFiles } from '../rules/load-rule-files.js';
import { RulePack } from '../rules/rule-pack.js';
import { analyseShell } from '../shell/analyse.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { DEFAULT_LIMITS } from '../shell/types.js';
import { Engine } from './engine.js';
import { MAX_POSSIBLE_COMMANDS, possibleCommands, type ProgramsOfInterest } from './unknown-programs.js';

const policy = (onUnresolved: string, mode = 'enforce'): string => `
version: 1
roles:
  - name: r
    mode: ${mode}
    on_unresolved: ${onUnresolved}
    commands:
      - { id: no-force-push, pattern: "git push --force*", action: deny }
      - { pattern: "git *", action: allow }
    defaults: { command: allow }
`;

let parser: Parser;
let pack: RulePack;
const engines = new Map<string, Engine>();

beforeAll(async () => {
  parser = await loadBashParser();
  pack = new RulePack(loadRuleFiles().value ?? []);
});

function engine(onUnresolved = 'ask', mode = 'enforce'): Engine {
  const key = `${onUnresolved} ${mode}`;
  let e = engines.get(key);
  if (!e) {
    const loaded = loadPolicyText(policy(onUnresolved, mode), 'p.yaml');
    if (!loaded.value) throw new Error(loaded.errors.map((x) => x.message).join('\n'));
    engines.set(key, (e = new Engine(loaded.value, parser, pack)));
  }
  return e;
}

const decide = (command: string, onUnresolved?: string, mode?: string) => engine(onUnresolved, mode).evaluate({ kind: 'command', command, context: {} });

describe('a program Warden does not know, whose words may run a denied command', () => {
  it.each([
    'op run -- git push --force',
    'watchexec -r -- git push -f origin main',
    'concurrently "npm start" "git push --force"',
    'cross-env NODE_ENV=production git push --force',
    'mytool sudo git push --force',
    'mytool bash -c "git push --force"',
    'entr -r /usr/bin/git push --force',
  ])('is unresolved, so on_unresolved decides: %s', (command) => {
    const d = decide(command);
    expect(d.verdict).toBe('ask');
    expect(d.rule).toBe('no-force-push');
    expect(d.reason).toMatch(/is not a program Warden knows and may run `.*git.*push.*`/);
    expect(d.reason).toContain('(on_unresolved)');
    expect(decide(command, 'deny').verdict).toBe('block');
    expect(decide(command, 'allow').verdict).toBe('allow');
  });

  it('is recorded, not blocked, in monitor mode', () => {
    const d = decide('op run -- git push --force', 'deny', 'monitor');
    expect(d.verdict).toBe('block');
    expect(d.outcome).toBe('would_block');
  });

  it('says which command and which rule in the command list', () => {
    const c = decide('doppler run -- git push --force').commands.find((x) => x.binary === 'doppler');
    expect(c?.verdict).toBe('ask');
    expect(c?.unresolved).toContain('`doppler` is not a program Warden knows');
  });

  it('reads programs named inside text given to it', () => {
    expect(decide(`sqlite3 app.db '.shell git push --force'`).verdict).toBe('ask');
    expect(decide(`relay - EXEC:'git push --force'`).verdict).toBe('ask');
    expect(decide(`emacs --batch --eval '(shell-command "git push --force")'`).verdict).toBe('ask');
  });

  it('is unresolved when its words hold more places than are judged', () => {
    const d = decide(`mytool ${'git status '.repeat(MAX_POSSIBLE_COMMANDS)}git push --force`);
    expect(d.verdict).toBe('ask');
    expect(d.reason).toContain(`more than ${MAX_POSSIBLE_COMMANDS} places where a command could start`);
    expect(decide(`mytool ${'git status '.repeat(MAX_POSSIBLE_COMMANDS + 1)}`, 'deny').verdict).toBe('block');
    expect(decide(`mytool ${'git status '.repeat(MAX_POSSIBLE_COMMANDS)}`).verdict).toBe('allow');
  });

  it('takes the rule pack into account too', () => {
    expect(decide('python3 cleanup.py rm -rf /').verdict).toBe('ask');
    expect(decide('python3 cleanup.py rm -rf /', 'deny').verdict).toBe('block');
  });
});

describe('what stays as it was', () => {
  it.each([
    'mytool git push origin main', // the words would be allowed
    'chsh -s /bin/bash', // a shell with nothing to run is no rule's business
    'gh pr create --body "git push --force is now refused"', // gh takes text
    'man git push --force',
    'echo git push --force',
    'brew install git',
    'make deploy',
    'find . -name "*.tmp" -exec rm {} +', // find -exec is read by the shell analysis itself
  ])('%s', (command) => {
    expect(decide(command).verdict).toBe('allow');
  });

  it('a known wrapper is judged by what it runs, not as unknown', () => {
    const d = decide('uv run git push --force');
    expect(d.verdict).toBe('block');
    expect(d.reason).not.toContain('is not a program Warden knows');
  });
});

describe('possibleCommands', () => {
  const everything: ProgramsOfInterest = { has: () => true };
  const only = (...names: string[]): ProgramsOfInterest => ({ has: (b) => names.includes(b) });
  const commands = (line: string, interest: ProgramsOfInterest) => analyseShell(parser, line, DEFAULT_LIMITS).commands.flatMap((c) => possibleCommands(c, interest));

  it('starts at a word naming a program of interest, and quotes the words back', () => {
    expect(commands(`tool a git push 'two words'`, only('git'))).toEqual([`git push 'two words'`]);
    expect(commands('tool /usr/bin/GIT push', only('git'))).toEqual(['/usr/bin/GIT push']);
  });

  it('reads a word of shell code that starts with one', () => {
    expect(commands(`tool 'git push --force; ls'`, only('git'))).toEqual(['git push --force; ls']);
    expect(commands(`vimish -c '!git push --force'`, only('git'))).toEqual(['git push --force']);
    expect(commands(`tool 'git'`, only('git'))).toEqual(['git']);
  });

  it('skips options, dynamic words and programs known to take data', () => {
    expect(commands('tool --git git', only('git'))).toEqual(['git']);
    expect(commands('tool "$X" git', only('git'))).toEqual(['git']);
    expect(commands('echo git push --force', everything)).toEqual([]);
    expect(commands('sudo tool', everything)).toEqual([]);
  });

  it('finds a program named inside text: after a separator, to the quote that opened it', () => {
    expect(commands(`sqlite3 db '.shell git push --force'`, only('git'))).toEqual(['git push --force']);
    expect(commands(`socat - 'EXEC:git push --force,pty'`, only('git'))).toEqual(['git push --force,pty']);
    expect(commands(`emacs --eval '(shell-command "git push -f") (x "rm -rf /")'`, only('git', 'rm'))).toEqual(['git push -f', 'rm -rf /']);
    expect(commands(`tool --run='git status && git push'`, only('git'))).toEqual(['git status && git push', 'git push']);
    expect(commands(`osascript -e 'do shell script "git push --force"'`, only('git', 'script'))).toEqual(['script "git push --force"', 'git push --force']);
    expect(commands(`tool 'no programs here'`, only('git'))).toEqual([]);
  });

  it('leaves code an interpreter reader has read to that reader', () => {
    expect(commands(`python3 -c 'import os; os.system("git push")'`, only('git'))).toEqual([]);
    expect(commands('python3 tool.py git push', only('git'))).toEqual(['git push']);
  });

  it(`gives one more than ${MAX_POSSIBLE_COMMANDS} places when there are more`, () => {
    expect(commands(`tool ${'x '.repeat(50)}`, everything)).toHaveLength(MAX_POSSIBLE_COMMANDS + 1);
    expect(commands(`tool '${'git a; '.repeat(50)}'`, only('git'))).toHaveLength(MAX_POSSIBLE_COMMANDS + 1);
    expect(commands(`tool '${'git a; '.repeat(50)}' 'git a;'`, only('git'))).toHaveLength(MAX_POSSIBLE_COMMANDS + 1);
  });
});
