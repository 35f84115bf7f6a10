// install / uninstall on real files in a temporary home: every agent's config, the policy, the
// backups and the record; round trips give back every byte.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STARTER_POLICY } from '../../core/policy/starter-policy.js';
import { HOOK_AGENTS, type HookAgent } from '../../intercept/hooks/index.js';
import { runInstall, type InstallOptions } from './install.js';
import { runUninstall } from './uninstall.js';

let root: string;
let home: string;
let wardenHome: string;
const NOW = new Date('2026-05-04T10:20:30Z');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'warden-install-'));
  home = join(root, 'home');
  wardenHome = join(root, 'warden-home');
  mkdirSync(home);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const options = (o: Partial<InstallOptions> = {}): InstallOptions => ({
  agents: HOOK_AGENTS,
  wardenCommand: '/usr/bin/node /opt/warden/build/src/cli/main.js',
  wardenHome,
  install: { home, env: {} },
  force: false,
  dryRun: false,
  now: NOW,
  ...o,
});
const uninstall = (o: { agents?: HookAgent[]; dryRun?: boolean } = {}) => runUninstall({ wardenHome, dryRun: false, now: NOW, ...o });

const write = (path: string, text: string): string => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
};
const read = (path: string): string => readFileSync(path, 'utf8');

/** Each agent's config as a user might have it: comments, own hooks, other settings. */
function userConfigs(): Record<HookAgent, string> {
  return {
    'claude-code': write(join(home, '.claude/settings.json'), '{\n  // mine\n  "model": "opus",\n  "hooks": {\n    "PreToolUse": [\n      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "my-check" }] }\n    ]\n  }\n}\n'),
    cursor: write(join(home, '.cursor/hooks.json'), '{\n  "version": 1,\n  "hooks": {\n    "afterFileEdit": [{ "command": "./format.sh" }]\n  }\n}\n'),
    gemini: write(join(home, '.gemini/settings.json'), '{\n  /* theme */ "theme": "GitHub",\n  "hooksConfig": { "enabled": true }\n}\n'),
    codex: write(join(home, '.codex/config.toml'), '# codex\nmodel = "gpt-5-codex"\n\n[[hooks.PostToolUse]]\nmatcher = "*"\n\n[[hooks.PostToolUse.hooks]]\ntype = "command"\ncommand = "audit-log"\n'),
    copilot: join(home, '.copilot/hooks/warden.json'),
  };
}

describe('install then uninstall', () => {
  it('adds every agent\'s hooks, keeps what was there, and gives every byte back', () => {
    const files = userConfigs();
    const originals = Object.fromEntries(Object.entries(files).map(([agent, file]) => [agent, existsSync(file) ? read(file) : null]));
    const report = runInstall(options());
    expect(report.agents.map((a) => [a.agent, a.status])).toEqual(HOOK_AGENTS.map((a) => [a, 'add']));
    expect(report.agents.find((a) => a.agent === 'codex')).toMatchObject({ format: 'toml', file: files.codex });
    expect(report.agents.find((a) => a.agent === 'codex')?.notes.join()).toMatch(/\/hooks/);
    // What the user had is still there as they wrote it.
    const theirs: Record<HookAgent, string[]> = {
      'claude-code': ['  // mine\n  "model": "opus",\n', '      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "my-check" }] }\n    ]\n  }\n}\n'],
      cursor: ['{ "command": "./format.sh" }]\n  }\n}\n'],
      gemini: ['  /* theme */ "theme": "GitHub",\n  "hooksConfig": { "enabled": true }\n}\n'],
      codex: [originals.codex!],
      copilot: [],
    };
    for (const agent of HOOK_AGENTS) {
      const text = read(files[agent]);
      expect(text).toContain(`/usr/bin/node /opt/warden/build/src/cli/main.js hook ${agent}`);
      for (const bit of theirs[agent]) expect(text).toContain(bit);
    }

    const removed = uninstall();
    expect(removed.agents.map((a) => [a.agent, a.status])).toEqual(HOOK_AGENTS.map((a) => [a, a === 'copilot' ? 'deleted' : 'removed']));
    for (const agent of HOOK_AGENTS) {
      const original = originals[agent];
      if (original === null) expect(existsSync(files[agent])).toBe(false);
      else expect(read(files[agent])).toBe(original);
    }
    // The directories install created for Copilot's file went with it; the policy stays.
    expect(existsSync(join(home, '.copilot'))).toBe(false);
    expect(existsSync(join(wardenHome, 'policy.yaml'))).toBe(true);
    expect(existsSync(join(wardenHome, 'install.json'))).toBe(false);
  });

  it('backs up every file it changes, readable by its owner only', () => {
    const files = userConfigs();
    const original = read(files['claude-code']);
    const report = runInstall(options({ agents: ['claude-code'] }));
    const backup = report.agents[0]?.backup;
    expect(backup).toBe(join(wardenHome, 'backups/claude-code/settings.json.20260504T102030Z'));
    expect(read(backup!)).toBe(original);
    expect(statSync(backup!).mode & 0o777).toBe(0o600);
    expect(uninstall().agents[0]?.backup).toMatch(/settings\.json\.20260504T102030Z-1$/);
  });

  it('is idempotent: a second install adds nothing and records nothing', () => {
    userConfigs();
    runInstall(options());
    const record = read(join(wardenHome, 'install.json'));
    const again = runInstall(options());
    expect(again.agents.map((a) => a.status)).toEqual(HOOK_AGENTS.map(() => 'present'));
    expect(again.policy.status).toBe('kept');
    expect(read(join(wardenHome, 'install.json'))).toBe(record);
    expect(readdirSync(join(wardenHome, 'backups/claude-code'))).toHaveLength(1);
  });

  it('in a file edited since, removes only Warden\'s entries; an entry the user changed stays', () => {
    const settings = write(join(home, '.claude/settings.json'), '{\n  "model": "opus"\n}\n');
    runInstall(options({ agents: ['claude-code', 'gemini'] }));
    writeFileSync(settings, read(settings).replace('"model": "opus"', '"model": "sonnet",\n  "verbose": true'));
    const gemini = join(home, '.gemini/settings.json');
    writeFileSync(gemini, read(gemini).replaceAll('"timeout": 30000', '"timeout": 5000'));
    const removed = uninstall();
    expect(removed.agents.find((a) => a.agent === 'claude-code')?.status).toBe('removed');
    expect(read(settings)).toBe('{\n  "model": "sonnet",\n  "verbose": true\n}\n');
    const left = removed.agents.find((a) => a.agent === 'gemini');
    expect(left?.status).toBe('left');
    expect(left?.notes.join()).toMatch(/BeforeTool, AfterTool was changed since install; left as it is/);
    expect(read(gemini)).toContain('"timeout": 5000');
  });

  it('refuses a config it cannot parse, leaves it untouched, and installs the others', () => {
    const bad = write(join(home, '.claude/settings.json'), '{ "model": "opus", // no end\n');
    const report = runInstall(options({ agents: ['claude-code', 'cursor'] }));
    expect(report.agents[0]).toMatchObject({ status: 'error', message: expect.stringMatching(/^not changed: .*settings\.json is not valid JSON/) as unknown });
    expect(read(bad)).toBe('{ "model": "opus", // no end\n');
    expect(report.agents[1]?.status).toBe('add');
    expect(existsSync(join(wardenHome, 'backups/claude-code'))).toBe(false);
  });

  it('edits the file a symlink points to and keeps the link', () => {
    const real = write(join(root, 'dotfiles/claude-settings.json'), '{}\n');
    mkdirSync(join(home, '.claude'));
    const link = join(home, '.claude/settings.json');
    symlinkSync(real, link);
    runInstall(options({ agents: ['claude-code'] }));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(read(real)).toContain('hook claude-code');
    uninstall();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(read(real)).toBe('{}\n');
  });

  it('after the user deleted the file and installed again, uninstall deletes the new one', () => {
    runInstall(options({ agents: ['cursor'] }));
    rmSync(join(home, '.cursor/hooks.json'));
    expect(runInstall(options({ agents: ['cursor'] })).agents[0]).toMatchObject({ status: 'add', createdFile: true });
    expect(uninstall().agents[0]?.status).toBe('deleted');
    expect(existsSync(join(home, '.cursor/hooks.json'))).toBe(false);
  });

  it('writes Codex hooks to hooks.json unless config.toml already holds hooks', () => {
    write(join(home, '.codex/config.toml'), 'model = "o3"\n');
    const report = runInstall(options({ agents: ['codex'] }));
    expect(report.agents[0]).toMatchObject({ format: 'json', file: join(home, '.codex/hooks.json'), createdFile: true });
    expect(read(join(home, '.codex/config.toml'))).toBe('model = "o3"\n');
  });
});

describe('the policy', () => {
  it('creates WARDEN_HOME (0700) with the starter policy (0600), and keeps an existing policy', () => {
    const report = runInstall(options({ agents: ['claude-code'] }));
    expect(report.policy).toMatchObject({ status: 'installed', role: 'developer', mode: 'enforce' });
    expect(statSync(wardenHome).mode & 0o777).toBe(0o700);
    const policy = join(wardenHome, 'policy.yaml');
    expect(statSync(policy).mode & 0o777).toBe(0o600);
    expect(read(policy)).toBe(STARTER_POLICY);
    writeFileSync(policy, `${STARTER_POLICY}# mine\n`);
    expect(runInstall(options({ agents: ['claude-code'] })).policy.status).toBe('kept');
    expect(read(policy)).toMatch(/# mine\n$/);
  });

  it('--policy installs the given file, --force replaces an existing one after a backup', () => {
    const monitor = write(join(root, 'team.yaml'), STARTER_POLICY.replace('mode: enforce', 'mode: monitor'));
    runInstall(options({ agents: ['claude-code'] }));
    const report = runInstall(options({ agents: ['cursor'], policyFile: monitor, force: true }));
    expect(report.policy).toMatchObject({ status: 'replaced', mode: 'monitor', backup: join(wardenHome, 'backups/policy.yaml.20260504T102030Z') });
    expect(read(join(wardenHome, 'policy.yaml'))).toBe(read(monitor));
    // Cursor fails closed only for a policy in enforce mode.
    expect(read(join(home, '.cursor/hooks.json'))).not.toContain('failClosed');
  });

  it('refuses a policy with errors before changing anything', () => {
    const broken = write(join(root, 'broken.yaml'), 'version: 1\nroles: [{ name: x, mode: sometimes }]\n');
    expect(() => runInstall(options({ policyFile: broken }))).toThrow(/not installing .*broken\.yaml, it has errors/);
    expect(existsSync(wardenHome)).toBe(false);
    expect(existsSync(join(home, '.claude'))).toBe(false);
  });
});

describe('dry runs', () => {
  it('install and uninstall say what they would do and change nothing', () => {
    const files = userConfigs();
    const before = read(files['claude-code']);
    const report = runInstall(options({ dryRun: true }));
    expect(report.agents.map((a) => a.status)).toEqual(HOOK_AGENTS.map(() => 'add'));
    expect(report.policy.status).toBe('installed');
    expect(existsSync(wardenHome)).toBe(false);
    expect(read(files['claude-code'])).toBe(before);
    expect(existsSync(files.copilot)).toBe(false);

    runInstall(options());
    const after = read(files['claude-code']);
    const planned = uninstall({ dryRun: true });
    expect(planned.agents.map((a) => a.status)).toEqual(HOOK_AGENTS.map((a) => (a === 'copilot' ? 'deleted' : 'removed')));
    expect(read(files['claude-code'])).toBe(after);
    expect(existsSync(join(wardenHome, 'install.json'))).toBe(true);
  });
});

describe('uninstall', () => {
  it('of one agent keeps the others recorded; of an agent never installed says so', () => {
    runInstall(options({ agents: ['claude-code', 'cursor'] }));
    const first = uninstall({ agents: ['cursor', 'gemini'] });
    expect(first.agents.map((a) => a.agent)).toEqual(['cursor']);
    expect(first.notInstalled).toEqual(['gemini']);
    expect(read(join(home, '.claude/settings.json'))).toContain('hook claude-code');
    expect(uninstall().agents.map((a) => [a.agent, a.status])).toEqual([['claude-code', 'deleted']]);
    expect(uninstall().agents).toEqual([]);
  });

  it('reports a file that is gone, and a file it can no longer parse without touching it', () => {
    runInstall(options({ agents: ['claude-code', 'gemini'] }));
    rmSync(join(home, '.claude/settings.json'));
    const gemini = join(home, '.gemini/settings.json');
    const broken = `${read(gemini)}}}`;
    writeFileSync(gemini, broken);
    const report = uninstall();
    expect(report.agents.map((a) => [a.agent, a.status])).toEqual([['claude-code', 'gone'], ['gemini', 'error']]);
    expect(read(gemini)).toBe(broken);
    // The failed one stays recorded for another try.
    expect(read(join(wardenHome, 'install.json'))).toContain('"gemini"');
  });
});
