import { describe, expect, it } from 'vitest';
import { WardenError } from '../errors.js';
import type { EventContext } from '../events.js';
import { loadPolicyText } from '../policy/load-policy.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { Engine } from './engine.js';

const RULES = `
    on_unresolved: ask
    commands:
      - { id: no-force-push, pattern: "git push --force*", action: deny, severity: critical }
      - { id: ask-reset, pattern: "git reset --hard*", action: ask }
      - { id: flaggy, pattern: "curl *", action: allow }
      - { id: git, pattern: "git *", action: allow }
    mcp:
      - { id: no-write, tool: "filesystem/write_file", action: deny }
    files:
      - { id: ssh, path: "~/.ssh/**", action: deny }
    web:
      - { id: paste, domain: "*.pastebin.com", action: ask }`;

const POLICY = `version: 1
default_role: watcher
roles:
  - name: watcher
    mode: monitor${RULES}
  - name: guard
    mode: enforce${RULES}
`;

const { value: policy, errors } = loadPolicyText(POLICY, 'test.yaml');
if (!policy) throw new Error(`test policy does not load: ${JSON.stringify(errors)}`);
const engine = new Engine(policy, await loadBashParser());

const ctx = (role?: string): EventContext => ({ role, cwd: '/home/u/project', home: '/home/u' });
const command = (text: string, role?: string) => engine.evaluate({ kind: 'command', command: text, context: ctx(role) });

describe('Engine: modes', () => {
  it('monitor mode never blocks: a deny is logged as would_block', () => {
    const d = command('git push --force origin main');
    expect(d).toMatchObject({ verdict: 'block', outcome: 'would_block', mode: 'monitor', role: 'watcher', rule: 'no-force-push', severity: 'critical' });
  });

  it('monitor mode never holds either: an ask is would_block too', () => {
    expect(command('git reset --hard HEAD~1')).toMatchObject({ verdict: 'ask', outcome: 'would_block' });
  });

  it('enforce mode blocks a deny and holds an ask for a human', () => {
    expect(command('git push --force origin main', 'guard')).toMatchObject({ verdict: 'block', outcome: 'blocked', mode: 'enforce' });
    expect(command('git reset --hard HEAD~1', 'guard')).toMatchObject({ verdict: 'ask', outcome: 'held' });
  });

  it('allowed stays allowed in both modes', () => {
    expect(command('git status')).toMatchObject({ verdict: 'allow', outcome: 'allowed', rule: 'git' });
    expect(command('git status', 'guard')).toMatchObject({ verdict: 'allow', outcome: 'allowed', rule: 'git' });
  });

  it('every event kind gets the role mode applied', () => {
    const c = ctx('guard');
    expect(engine.evaluate({ kind: 'mcp_tool_call', server: 'filesystem', tool: 'write_file', arguments: { path: '/x' }, context: c })).toMatchObject({ outcome: 'blocked', rule: 'no-write', commands: [] });
    expect(engine.evaluate({ kind: 'file_access', path: '../.ssh/id_rsa', access: 'read', context: c })).toMatchObject({ outcome: 'blocked', rule: 'ssh' });
    expect(engine.evaluate({ kind: 'web_request', url: 'https://x.pastebin.com/raw', context: c })).toMatchObject({ outcome: 'held', rule: 'paste' });
    expect(engine.evaluate({ kind: 'web_request', url: 'https://x.pastebin.com/raw', context: ctx() })).toMatchObject({ outcome: 'would_block' });
  });
});

describe('Engine: command lines with several commands', () => {
  it('the strictest verdict wins, wherever the command stands', () => {
    for (const line of [
      'git status && git push --force',
      'git push --force; git status',
      'git log | grep x && bash -c "git push -f origin main"',
      'echo $(git push --force)',
    ]) {
      const d = command(line, 'guard');
      expect(d, line).toMatchObject({ verdict: 'block', outcome: 'blocked', rule: 'no-force-push' });
    }
  });

  it('block beats ask, ask beats allow', () => {
    expect(command('git reset --hard && git push --force', 'guard')).toMatchObject({ verdict: 'block', rule: 'no-force-push' });
    expect(command('git status && git reset --hard', 'guard')).toMatchObject({ verdict: 'ask', rule: 'ask-reset' });
  });

  it('lists every simple command found, each with its own verdict', () => {
    const d = command('git status && git push --force', 'guard');
    expect(d.commands.map((c) => [c.binary, c.verdict, c.rule])).toEqual([
      ['git', 'allow', 'git'],
      ['git', 'block', 'no-force-push'],
    ]);
  });

  it('a command name known only at run time takes on_unresolved', () => {
    expect(command('$(echo git) push --force', 'guard')).toMatchObject({ verdict: 'ask', outcome: 'held' });
  });

  it('text that is data is not run', () => {
    expect(command('echo "git push --force"', 'guard')).toMatchObject({ verdict: 'allow', outcome: 'allowed' });
  });

  it('the same event and policy always give the same decision', () => {
    const line = 'cd app && git push origin main --force';
    expect(command(line, 'guard')).toEqual(command(line, 'guard'));
  });
});

describe('Engine: roles', () => {
  it('uses the default role when the event names none', () => {
    expect(command('git status').role).toBe('watcher');
  });

  it('an unknown role is an error with code UNKNOWN_ROLE that names the roles there are', () => {
    let caught: unknown;
    try {
      command('git status', 'nobody');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WardenError);
    expect(caught).toMatchObject({ code: 'UNKNOWN_ROLE' });
    expect((caught as Error).message).toMatch(/nobody.*watcher, guard/);
  });
});
