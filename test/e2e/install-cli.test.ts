// `warden install`, `warden uninstall` and `warden hook` through the built CLI, as agents and people run them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';

const HOOK_CLIENT = join(dirname(WARDEN_BIN), '../../bin/warden-hook');

const boxes: Sandbox[] = [];
afterEach(() => { for (const b of boxes.splice(0)) b.remove(); });
const fresh = (): Sandbox => {
  const box = sandbox();
  boxes.push(box);
  return box;
};

/** The CLI with a PATH that holds no agent, so that `auto` finds only what a test sets up. */
const isolated = (box: Sandbox, args: readonly string[]) => {
  const r = spawnSync(process.execPath, [WARDEN_BIN, ...args], { cwd: box.dir, encoding: 'utf8', timeout: 20_000, env: { PATH: box.dir, HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const bashPayload = (command: string): string =>
  JSON.stringify({ session_id: 's', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });

describe('warden install / uninstall', () => {
  it('installs for the agents found, says what it did, and uninstall gives the file back', () => {
    const box = fresh();
    const settings = join(box.home, '.claude/settings.json');
    mkdirSync(join(box.home, '.claude'));
    mkdirSync(join(box.home, '.gemini'));
    const original = '{\n  // my model\n  "model": "opus"\n}\n';
    writeFileSync(settings, original);

    const r = isolated(box, ['install']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^policy: installed .*policy\.yaml with the starter policy \(role developer, enforce mode\)$/m);
    expect(r.stdout).toMatch(/^Claude Code: added to ~\/\.claude\/settings\.json: PreToolUse, PostToolUse hooks \(backup: .*\)$/m);
    expect(r.stdout).toMatch(/^Gemini CLI: created ~\/\.gemini\/settings\.json with BeforeTool, AfterTool hooks$/m);
    expect(r.stdout).not.toMatch(/Cursor|Codex|Copilot/);
    const installed = readFileSync(settings, 'utf8');
    // An absolute command: agents find it whatever their PATH. The compiled hook client when the
    // build made one, else this Node and the CLI.
    expect(installed).toContain(existsSync(HOOK_CLIENT) ? `"command": "${HOOK_CLIENT} claude-code"` : `"command": "${process.execPath} ${WARDEN_BIN} hook claude-code"`);
    expect(installed).toContain('// my model');

    const again = box.run(['install', '--agents', 'claude-code']);
    expect(again.stdout).toMatch(/kept the existing .*policy\.yaml/);
    expect(again.stdout).toMatch(/Claude Code: Warden's hooks are already in ~\/\.claude\/settings\.json; nothing to add/);
    expect(readFileSync(settings, 'utf8')).toBe(installed);

    const removed = box.run(['uninstall']);
    expect(removed.status).toBe(0);
    expect(removed.stdout).toMatch(/Claude Code: removed Warden's hooks from ~\/\.claude\/settings\.json/);
    expect(readFileSync(settings, 'utf8')).toBe(original);
    expect(existsSync(join(box.home, '.gemini/settings.json'))).toBe(false);
  });

  it('--dry-run --json reports the plan for scripts and writes nothing', () => {
    const box = fresh();
    const r = box.run(['install', '--agents', 'codex,copilot', '--dry-run', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { dryRun: boolean; agents: Array<{ agent: string; status: string; file: string; notes: string[] }> };
    expect(report.dryRun).toBe(true);
    expect(report.agents.map((a) => [a.agent, a.status])).toEqual([['codex', 'add'], ['copilot', 'add']]);
    expect(report.agents[0]?.notes.join(' ')).toMatch(/open \/hooks once to trust Warden's hook/);
    expect(existsSync(join(box.home, '.codex'))).toBe(false);
    expect(existsSync(join(box.wardenHome, 'policy.yaml'))).toBe(false);
  });

  it('tells Codex users to trust the hook in /hooks', () => {
    const box = fresh();
    const r = box.run(['install', '--agents', 'codex']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/note: Codex runs a new hook only after you have reviewed and trusted it: start codex and open \/hooks/);
  });

  it('names unknown agents, and finds none to install for in an empty home', () => {
    const box = fresh();
    const unknown = box.run(['install', '--agents', 'claude-code,vim']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown agent "vim" \(agents: claude-code, cursor, gemini, codex, copilot, or auto\)/);
    const none = isolated(box, ['install']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/found no agent on this machine/);
  });

  it('refuses a config it cannot parse with status 1 and leaves it as it was', () => {
    const box = fresh();
    mkdirSync(join(box.home, '.cursor'));
    const file = join(box.home, '.cursor/hooks.json');
    writeFileSync(file, '{"version": 1, "hooks": ');
    const r = box.run(['install', '--agents', 'cursor']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Cursor: not changed: .*hooks\.json is not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 1, "hooks": ');
  });
});

describe('warden hook', () => {
  it('answers a blocked command with Claude Code\'s deny, and an everyday one with nothing', () => {
    const box = fresh();
    expect(box.run(['install', '--agents', 'claude-code']).status).toBe(0);
    const blocked = box.run(['hook', 'claude-code'], bashPayload('git push -f origin main'));
    expect(blocked.status).toBe(0);
    expect(JSON.parse(blocked.stdout)).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'Blocked by Warden (no-force-push): Force pushes rewrite history others have pulled; push a new commit instead' },
    });
    expect(box.run(['hook', 'claude-code'], bashPayload('git status'))).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('without a policy, refuses in the agent\'s own format and says why', () => {
    const box = fresh();
    const r = box.run(['hook', 'copilot'], JSON.stringify({ toolName: 'bash', toolArgs: JSON.stringify({ command: 'ls' }), cwd: '/tmp' }));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ permissionDecision: 'deny', permissionDecisionReason: expect.stringMatching(/no policy at .*policy\.yaml: run `warden install`/) as unknown });
  });

  it('never waits past its read timeout for a writer that keeps stdin open', async () => {
    const box = fresh();
    expect(box.run(['install', '--agents', 'gemini']).status).toBe(0);
    const started = Date.now();
    const child = spawn(process.execPath, [WARDEN_BIN, 'hook', 'gemini', '--read-timeout', '300'], {
      env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.write('{"hook_event_name": "BeforeTool", ');
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ decision: 'deny', reason: expect.stringContaining('no complete hook payload on stdin after 300 ms') as unknown });
    expect(Date.now() - started).toBeLessThan(15_000);
    child.stdin.destroy();
  });

  it('an unknown agent is a usage error', () => {
    const box = fresh();
    const r = box.run(['hook', 'vim'], '{}');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no hook for "vim"/);
  });
});
