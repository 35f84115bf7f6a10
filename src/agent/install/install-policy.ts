// WARDEN_HOME (0700) and its policy.yaml (0600): the given policy or the starter one, never over
// an existing policy unless forced (then the old one is backed up first).
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { loadPolicyText } from '../../core/policy/load-policy.js';
import { formatProblem } from '../../core/policy/problems.js';
import { STARTER_POLICY } from '../../core/policy/starter-policy.js';
import type { Mode } from '../../core/vocabulary.js';
import { modeOfPolicyText } from '../hook/policy-mode.js';
import { backupFile } from './config-files.js';
import { readPolicyStamp, writePolicyStamp } from './policy-stamp.js';
import { replaceFile } from '../../audit/replace-file.js';

export interface PolicyInstall {
  /** installed: there was none; kept: one was there and stays; replaced: --force. */
  readonly status: 'installed' | 'kept' | 'replaced';
  readonly path: string;
  /** Where the policy came from: a file, or the starter policy. */
  readonly source: string;
  readonly role: string | null;
  readonly mode: Mode | null;
  readonly backup?: string;
}

export interface PolicyOptions {
  readonly wardenHome: string;
  /** A policy file to install; the starter policy otherwise. */
  readonly file?: string;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly now: Date;
}

/** The default role and its mode, as the loaded policy has them (or as far as a broken one says). */
export function policySummary(text: string, file: string): { role: string | null; mode: Mode | null } {
  const loaded = loadPolicyText(text, file);
  const role = loaded.value?.roles.get(loaded.value.defaultRole);
  return role ? { role: role.name, mode: role.mode } : { role: null, mode: modeOfPolicyText(text) };
}

function readSource(file: string | undefined): { text: string; source: string } {
  if (file === undefined) return { text: STARTER_POLICY, source: 'the starter policy' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the policy ${file}: ${(error as Error).message}`, { cause: error });
  }
  const loaded = loadPolicyText(text, file);
  if (!loaded.value) throw new UsageError(`not installing ${file}, it has errors:\n${loaded.errors.map(formatProblem).join('\n')}`);
  return { text, source: file };
}

export function installPolicy(o: PolicyOptions): PolicyInstall {
  const path = join(o.wardenHome, 'policy.yaml');
  const exists = existsSync(path);
  if (exists && !o.force) {
    const text = readFileSync(path, 'utf8');
    // Installing with the policy that is there adopts it, unless Warden already recorded one.
    if (!o.dryRun && readPolicyStamp(o.wardenHome) === null) writePolicyStamp(o.wardenHome, text);
    return { status: 'kept', path, source: path, ...policySummary(text, path) };
  }
  const { text, source } = readSource(o.file);
  const summary = policySummary(text, source);
  if (o.dryRun) return { status: exists ? 'replaced' : 'installed', path, source, ...summary };
  ensureWardenHome(o.wardenHome);
  const backup = exists ? backupFile(path, join(o.wardenHome, 'backups'), o.now) : undefined;
  replaceFile(path, text);
  writePolicyStamp(o.wardenHome, text);
  return { status: exists ? 'replaced' : 'installed', path, source, ...summary, ...(backup ? { backup } : {}) };
}

/** Creates WARDEN_HOME readable by its owner only; an existing one is left as it is. */
export function ensureWardenHome(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}
