// What install would change in one agent's config file: read it, check it, compute the new text.
// Nothing is written here; a file that cannot be read or parsed is refused.
import { dirname } from 'node:path';
import type { HookAgent } from '../../intercept/hooks/index.js';
import type { Mode } from '../../core/vocabulary.js';
import { blockingSettings, CODEX_TRUST_NOTE, codexTomlFile, codexTomlHooks, isWardenCommand, isWardenEntry, jsonConfigFile, jsonInstall, managedBlockingSettings, managedSettingsFiles, type InstallEnv } from './agents.js';
import { missingDirs, readConfig, sha256 } from './config-files.js';
import { parseJsonObject, valueOf } from './json-document.js';
import { addJsonHooks } from './json-hooks.js';
import type { FileChange } from './install-record.js';
import { addTomlBlock, parseToml, tomlBlock } from './toml-block.js';

export interface AgentPlan {
  readonly agent: HookAgent;
  readonly file: string;
  readonly format: 'json' | 'toml';
  /** add: the file changes; present: Warden's hooks are there already; conflict: a different Warden hook is; error: refused. */
  readonly status: 'add' | 'present' | 'conflict' | 'error';
  readonly message?: string;
  /** The events whose entries are added. */
  readonly events: readonly string[];
  readonly notes: readonly string[];
  readonly createdFile: boolean;
  readonly createdDirs: readonly string[];
  readonly text?: string;
  readonly change?: Omit<FileChange, 'at'>;
}

export interface PlanOptions {
  readonly install: InstallEnv;
  /** The full hook command for the agent, e.g. `/usr/bin/node /opt/warden/build/src/cli/main.js hook cursor`. */
  readonly command: string;
  readonly mode: Mode | null;
}

type Target = { file: string; format: 'json' | 'toml'; notes: string[] };

/** Codex reads hooks.json or config.toml's [hooks]: hooks go where the user keeps theirs, hooks.json by default. */
function codexTarget(install: InstallEnv): Target {
  const json = jsonConfigFile('codex', install);
  const toml = codexTomlFile(install);
  const config = readConfig(toml);
  const notes: string[] = [];
  let inline = false;
  if (config.kind === 'text') {
    const doc = parseToml(config.text);
    if (doc.kind === 'ok') {
      notes.push(...blockingSettings('codex', doc.value));
      inline = doc.value.hooks !== undefined;
    } else notes.push(`${toml} is ${doc.message}; not checked`);
  }
  const useToml = inline && readConfig(json).kind === 'missing';
  return { file: useToml ? toml : json, format: useToml ? 'toml' : 'json', notes };
}

const refused = (agent: HookAgent, target: Target, message: string): AgentPlan => ({
  agent, file: target.file, format: target.format, status: 'error', message: `not changed: ${target.file} ${message}`, events: [], notes: target.notes, createdFile: false, createdDirs: [],
});

export function planAgent(agent: HookAgent, o: PlanOptions): AgentPlan {
  const target: Target = agent === 'codex' ? codexTarget(o.install) : { file: jsonConfigFile(agent, o.install), format: 'json', notes: [] };
  const read = readConfig(target.file);
  if (read.kind === 'error') return refused(agent, target, `cannot be read: ${read.message}`);
  const before = read.kind === 'text' ? read.text : null;
  const base = { agent, file: target.file, format: target.format, createdFile: before === null, createdDirs: before === null ? missingDirs(dirname(target.file)) : [] };
  const notes = [...target.notes];
  if (agent === 'codex') notes.push(CODEX_TRUST_NOTE);
  for (const managed of managedSettingsFiles(agent)) {
    const m = readConfig(managed);
    const tree = m.kind === 'text' ? parseJsonObject(m.text) : null;
    if (tree?.kind === 'tree') notes.push(...managedBlockingSettings(valueOf(tree.root)).map((n) => `${managed}: ${n}`));
  }

  if (target.format === 'toml') {
    const hooks = codexTomlHooks(o.command);
    const added = addTomlBlock(before, hooks, isWardenCommand(agent));
    if (added.kind === 'error') return refused(agent, target, `is ${added.message}`);
    if (added.kind === 'present') return { ...base, status: 'present', events: [], notes };
    if (added.kind === 'conflict') return { ...base, status: 'conflict', message: `${target.file} already runs a different Warden hook; left as it is`, events: [], notes };
    const change = { before: sha256(before ?? ''), after: sha256(added.text), edits: [added.edit], block: tomlBlock(hooks, added.text.includes('\r\n') ? '\r\n' : '\n') };
    return { ...base, status: 'add', events: hooks.map((h) => h.event), notes, text: added.text, change };
  }

  if (before !== null && before.trim() !== '') {
    const tree = parseJsonObject(before);
    if (tree.kind === 'error') return refused(agent, target, `is ${tree.message}; fix it or add Warden's hooks by hand (docs/hooks.md)`);
    notes.push(...blockingSettings(agent, valueOf(tree.root)).map((n) => `${target.file}: ${n}`));
  }
  const spec = jsonInstall(agent, o.command, o.mode);
  const added = addJsonHooks(before, { ...spec, isOurs: isWardenEntry(agent) });
  if (added.kind === 'error') return refused(agent, target, `is not a hook configuration Warden can add to: ${added.message}`);
  if (added.conflicts.length > 0) notes.push(`a different Warden hook is already configured for ${added.conflicts.join(', ')}; left as it is`);
  if (added.edits.length === 0) return { ...base, status: added.conflicts.length > 0 ? 'conflict' : 'present', events: [], notes };
  const change = { before: sha256(before ?? ''), after: sha256(added.text), edits: added.edits, added: added.added };
  return { ...base, status: 'add', events: added.added.map((a) => a.event), notes, text: added.text, change };
}
