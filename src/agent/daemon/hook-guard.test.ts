// Hooks removed from an agent's config are put back, with the command install wrote.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInstall } from '../install/install.js';
import { runUninstall } from '../install/uninstall.js';
import { guardHooks, type GuardOptions } from './hook-guard.js';

let root: string;
let o: GuardOptions;
const NODE_CLI = '/usr/bin/node /opt/warden/build/src/cli/main.js';
const settings = () => join(root, 'home/.claude/settings.json');
const commands = (): string[] => {
  const doc = JSON.parse(readFileSync(settings(), 'utf8')) as { hooks?: Record<string, Array<{ hooks: Array<{ command: string }> }>> };
  return Object.values(doc.hooks ?? {}).flat().flatMap((m) => m.hooks.map((h) => h.command));
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'warden-guard-'));
  mkdirSync(join(root, 'home/.claude'), { recursive: true });
  writeFileSync(settings(), '{\n  "model": "opus"\n}\n');
  o = { wardenHome: join(root, 'warden-home'), wardenCommand: 'warden-elsewhere', install: { home: join(root, 'home'), env: {} }, mode: 'enforce', now: new Date('2026-05-04T10:20:30Z') };
  runInstall({ agents: ['claude-code'], wardenCommand: NODE_CLI, wardenHome: o.wardenHome, install: o.install, force: false, dryRun: false, now: o.now });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('guardHooks', () => {
  it('finds the hooks in place and changes nothing', () => {
    const before = readFileSync(settings(), 'utf8');
    expect(guardHooks(o)).toEqual([expect.objectContaining({ agent: 'claude-code', status: 'ok' })]);
    expect(readFileSync(settings(), 'utf8')).toBe(before);
  });

  it('puts a removed hook back with the command install wrote, and uninstall still takes everything back', () => {
    writeFileSync(settings(), '{\n  "model": "opus",\n  "theme": "dark"\n}\n');
    expect(guardHooks(o)).toEqual([expect.objectContaining({ status: 'restored', events: ['PreToolUse', 'PostToolUse'] })]);
    expect(commands()).toEqual([`${NODE_CLI} hook claude-code`, `${NODE_CLI} hook claude-code`]);
    expect(JSON.parse(readFileSync(settings(), 'utf8'))).toMatchObject({ model: 'opus', theme: 'dark' });
    expect(guardHooks(o)).toEqual([expect.objectContaining({ status: 'ok' })]);
    runUninstall({ wardenHome: o.wardenHome, dryRun: false, now: o.now });
    expect(JSON.parse(readFileSync(settings(), 'utf8'))).toEqual({ model: 'opus', theme: 'dark' });
  });

  it('reports a file it cannot parse, and leaves it alone', () => {
    writeFileSync(settings(), '{ "hooks": ');
    expect(guardHooks(o)).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('not valid JSON') as unknown })]);
    expect(readFileSync(settings(), 'utf8')).toBe('{ "hooks": ');
  });

  it('checks nothing once uninstalled', () => {
    runUninstall({ wardenHome: o.wardenHome, dryRun: false, now: o.now });
    expect(guardHooks(o)).toEqual([]);
  });
});
