// Where each agent keeps its user hook configuration and what Warden writes there (docs/hooks.md).
import { join } from 'node:path';
import type { HookAgent } from '../../intercept/hooks/index.js';
import type { Mode } from '../../core/vocabulary.js';
import type { HookEntry } from './json-hooks.js';
import type { TomlHook } from './toml-block.js';

export interface InstallEnv {
  readonly home: string;
  /** CLAUDE_CONFIG_DIR, CODEX_HOME, COPILOT_HOME and PATH are read from here. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const AGENT_TITLES: Readonly<Record<HookAgent, string>> = {
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  gemini: 'Gemini CLI',
  codex: 'Codex CLI',
  copilot: 'Copilot CLI',
};

/** Commands whose presence on PATH means the agent is installed. */
export const AGENT_CLIS: Readonly<Record<HookAgent, readonly string[]>> = {
  'claude-code': ['claude'],
  cursor: ['cursor', 'cursor-agent'],
  gemini: ['gemini'],
  codex: ['codex'],
  copilot: ['copilot'],
};

/** The agent's user configuration directory. */
export function configDir(agent: HookAgent, { home, env }: InstallEnv): string {
  switch (agent) {
    case 'claude-code': return env.CLAUDE_CONFIG_DIR || join(home, '.claude');
    case 'cursor': return join(home, '.cursor');
    case 'gemini': return join(home, '.gemini');
    case 'codex': return env.CODEX_HOME || join(home, '.codex');
    case 'copilot': return env.COPILOT_HOME || join(home, '.copilot');
  }
}

/** The JSON file install edits (Codex: hooks.json, unless config.toml already holds hooks). */
export function jsonConfigFile(agent: HookAgent, install: InstallEnv): string {
  const dir = configDir(agent, install);
  switch (agent) {
    case 'claude-code': return join(dir, 'settings.json');
    case 'cursor': return join(dir, 'hooks.json');
    case 'gemini': return join(dir, 'settings.json');
    case 'codex': return join(dir, 'hooks.json');
    case 'copilot': return join(dir, 'hooks', 'warden.json');
  }
}

export const codexTomlFile = (install: InstallEnv): string => join(configDir('codex', install), 'config.toml');

/** Hook timeouts: long enough for a cold start that loads the policy and the rule pack. */
const TIMEOUT_S = 30;

export interface JsonInstall {
  readonly entries: readonly HookEntry[];
  readonly skeleton?: Readonly<Record<string, unknown>>;
}

/**
 * What goes into the agent's JSON config for a hook command. `mode` is the installed policy's:
 * Cursor's `failClosed` (deny when the hook itself fails) is written for enforce mode only.
 */
export function jsonInstall(agent: HookAgent, command: string, mode: Mode | null): JsonInstall {
  const claudeStyle = (extra: object = {}) => ({ matcher: '*', hooks: [{ type: 'command', command, timeout: TIMEOUT_S, ...extra }] });
  switch (agent) {
    case 'claude-code':
      return { entries: [{ event: 'PreToolUse', entry: claudeStyle() }, { event: 'PostToolUse', entry: claudeStyle() }] };
    case 'codex':
      return { entries: [{ event: 'PreToolUse', entry: claudeStyle({ statusMessage: 'Warden' }) }, { event: 'PostToolUse', entry: claudeStyle() }] };
    case 'gemini': {
      const entry = (name: string) => ({ matcher: '*', hooks: [{ name, type: 'command', command, timeout: TIMEOUT_S * 1000 }] });
      return { entries: [{ event: 'BeforeTool', entry: entry('warden-before-tool') }, { event: 'AfterTool', entry: entry('warden-after-tool') }] };
    }
    case 'cursor': {
      const before = mode === 'monitor' ? { command } : { command, failClosed: true };
      return {
        skeleton: { version: 1 },
        entries: [
          ...['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile'].map((event) => ({ event, entry: before })),
          ...['afterShellExecution', 'afterMCPExecution', 'afterFileEdit'].map((event) => ({ event, entry: { command } })),
        ],
      };
    }
    case 'copilot': {
      // PowerShell runs a quoted program name only after the call operator.
      const entry = { type: 'command', bash: command, powershell: command.startsWith("'") ? `& ${command}` : command, timeoutSec: TIMEOUT_S };
      return { skeleton: { version: 1 }, entries: [{ event: 'preToolUse', entry }, { event: 'postToolUse', entry }] };
    }
  }
}

export function codexTomlHooks(command: string): TomlHook[] {
  return [
    { event: 'PreToolUse', command, timeout: TIMEOUT_S, statusMessage: 'Warden' },
    { event: 'PostToolUse', command, timeout: TIMEOUT_S },
  ];
}

/** A hook command that runs `warden hook <agent>`, however Warden was reached, or the compiled client (`…/warden-hook <agent>`). */
export const isWardenCommand = (agent: HookAgent) => (command: string): boolean =>
  (command.includes(` hook ${agent}`) && /warden|main\.js/.test(command)) || new RegExp(`warden-hook['"]?\\s+${agent}(\\s|$)`).test(command);

/** A JSON hook entry (at any depth) whose command is Warden's hook for the agent. */
export const isWardenEntry = (agent: HookAgent) => (value: unknown): boolean => {
  const matches = isWardenCommand(agent);
  const visit = (v: unknown): boolean =>
    typeof v === 'string' ? matches(v) : Array.isArray(v) ? v.some(visit) : typeof v === 'object' && v !== null ? Object.values(v).some(visit) : false;
  return visit(value);
};

/** Settings in the agent's config that keep Warden's hooks from running. */
export function blockingSettings(agent: HookAgent, config: unknown): string[] {
  const get = (path: string[]): unknown => path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), config);
  const notes: string[] = [];
  if (agent === 'claude-code' && get(['disableAllHooks']) === true) notes.push('"disableAllHooks": true in this file turns every hook off, Warden\'s included');
  if (agent === 'gemini') {
    if (get(['hooksConfig', 'enabled']) === false) notes.push('"hooksConfig.enabled": false in this file turns hooks off; Warden\'s hooks run only once it is true');
    const disabled = get(['hooksConfig', 'disabled']);
    if (Array.isArray(disabled) && disabled.some((n) => n === 'warden-before-tool' || n === 'warden-after-tool')) notes.push('"hooksConfig.disabled" lists a Warden hook, which Gemini CLI then skips');
  }
  if (agent === 'codex') {
    const features = get(['features']);
    if (typeof features === 'object' && features !== null && ((features as Record<string, unknown>).hooks === false || (features as Record<string, unknown>).codex_hooks === false)) {
      notes.push('[features] hooks = false in config.toml turns hooks off; Warden\'s hooks run only once it is removed');
    }
  }
  return notes;
}

/** Claude Code's managed settings, which can turn user hooks off for everyone on the machine. */
export function managedSettingsFiles(agent: HookAgent, platform: NodeJS.Platform = process.platform): string[] {
  if (agent !== 'claude-code') return [];
  if (platform === 'darwin') return ['/Library/Application Support/ClaudeCode/managed-settings.json'];
  if (platform === 'linux') return ['/etc/claude-code/managed-settings.json'];
  return [];
}

export function managedBlockingSettings(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return [];
  const c = config as Record<string, unknown>;
  const notes: string[] = [];
  if (c.disableAllHooks === true) notes.push('"disableAllHooks": true turns every hook off');
  if (c.allowManagedHooksOnly === true) notes.push('"allowManagedHooksOnly": true ignores user hooks, Warden\'s included: install Warden as a managed hook there instead');
  return notes;
}

export const CODEX_TRUST_NOTE = 'Codex runs a new hook only after you have reviewed and trusted it: start codex and open /hooks once to trust Warden\'s hook (an administrator can instead install it as a managed hook in requirements.toml)';
