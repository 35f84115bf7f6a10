// install / uninstall when the command written is the compiled hook client (`<client> <agent>`)
// rather than `<node> <main.js> hook <agent>`: written, recognised, and taken back the same way.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOOK_AGENTS, type HookAgent } from '../../intercept/hooks/index.js';
import { isWardenCommand } from './agents.js';
import { runInstall, type InstallOptions } from './install.js';
import { runUninstall } from './uninstall.js';

let root: string;
let home: string;
let wardenHome: string;
const NOW = new Date('2026-05-04T10:20:30Z');
const CLIENT = '/opt/warden/build/bin/warden-hook';
const NODE_FORM = '/usr/bin/node /opt/warden/build/src/cli/main.js';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'warden-install-client-'));
  home = join(root, 'home');
  wardenHome = join(root, 'warden-home');
  mkdirSync(home);
  for (const d of ['.claude', '.cursor', '.gemini', '.codex', '.copilot']) mkdirSync(join(home, d));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const options = (o: Partial<InstallOptions> = {}): InstallOptions => ({
  agents: HOOK_AGENTS,
  wardenCommand: NODE_FORM,
  hookClient: CLIENT,
  wardenHome,
  install: { home, env: {} },
  force: false,
  dryRun: false,
  now: NOW,
  ...o,
});

const FILES: Record<HookAgent, string> = {
  'claude-code': '.claude/settings.json',
  cursor: '.cursor/hooks.json',
  gemini: '.gemini/settings.json',
  codex: '.codex/hooks.json',
  copilot: '.copilot/hooks/warden.json',
};
const read = (agent: HookAgent): string => readFileSync(join(home, FILES[agent]), 'utf8');

describe('install with the compiled hook client', () => {
  it('writes `<client> <agent>` for every agent, adds nothing the second time, and uninstall takes it all back', () => {
    const settings = join(home, FILES['claude-code']);
    writeFileSync(settings, '{\n  "model": "opus"\n}\n');
    const report = runInstall(options());
    expect(report.agents.map((a) => a.status)).toEqual(HOOK_AGENTS.map(() => 'add'));
    for (const agent of HOOK_AGENTS) {
      expect(read(agent)).toContain(`"${CLIENT} ${agent}"`);
      expect(read(agent)).not.toContain(' hook ');
    }
    expect(runInstall(options()).agents.map((a) => a.status)).toEqual(HOOK_AGENTS.map(() => 'present'));
    const removed = runUninstall({ wardenHome, dryRun: false, now: NOW });
    expect(removed.agents.map((a) => a.status)).toEqual(HOOK_AGENTS.map((a) => (a === 'claude-code' ? 'removed' : 'deleted')));
    expect(readFileSync(settings, 'utf8')).toBe('{\n  "model": "opus"\n}\n');
  });

  it('sees a Node-form Warden hook already there as Warden\'s, and leaves it rather than adding a second', () => {
    runInstall(options({ hookClient: undefined, agents: ['gemini'] }));
    const before = read('gemini');
    const again = runInstall(options({ agents: ['gemini'] }));
    expect(again.agents[0]?.status).toBe('conflict');
    expect(read('gemini')).toBe(before);
  });

  it('after the user edits the client entry, uninstall leaves that entry and says so', () => {
    runInstall(options({ agents: ['cursor'] }));
    const file = join(home, FILES.cursor);
    writeFileSync(file, read('cursor').replace(`"${CLIENT} cursor"`, `"${CLIENT} cursor --verbose"`));
    const removed = runUninstall({ wardenHome, dryRun: false, now: NOW });
    expect(removed.agents[0]?.notes.join()).toMatch(/changed since install; left as it is/);
    expect(read('cursor')).toContain(`${CLIENT} cursor --verbose`);
  });
});

describe('isWardenCommand', () => {
  it('knows the client by its name before the agent, quoted or not', () => {
    const ours = isWardenCommand('cursor');
    expect(ours(`${CLIENT} cursor`)).toBe(true);
    expect(ours(`'/home/a b/warden/build/bin/warden-hook' cursor`)).toBe(true);
    expect(ours('warden-hook cursor')).toBe(true);
    expect(ours(`${NODE_FORM} hook cursor`)).toBe(true);
    expect(ours(`${CLIENT} codex`)).toBe(false);
    expect(ours(`${CLIENT} cursorx`)).toBe(false);
    expect(ours('my-warden-hooks cursor-check')).toBe(false);
  });
});
