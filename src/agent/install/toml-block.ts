// Warden's hooks in Codex's config.toml: one block, appended and removed as text between two
// marker comments, so the rest of the file (comments, order, spacing) is never re-serialised.
// The file is parsed before and after, and left alone when either does not parse.
import { parse } from 'smol-toml';
import type { TextEdit } from './text-edits.js';

export const TOML_BEGIN = '# >>> warden hooks: added by `warden install`, removed by `warden uninstall` >>>';
export const TOML_END = '# <<< warden hooks <<<';

export interface TomlHook {
  readonly event: string;
  readonly command: string;
  readonly timeout: number;
  readonly statusMessage?: string;
}

/** The block itself, in the file's line ends. */
export function tomlBlock(hooks: readonly TomlHook[], eol = '\n'): string {
  const lines = [TOML_BEGIN];
  for (const h of hooks) {
    lines.push(`[[hooks.${h.event}]]`, 'matcher = "*"', '', `[[hooks.${h.event}.hooks]]`, 'type = "command"', `command = ${JSON.stringify(h.command)}`, `timeout = ${h.timeout}`);
    if (h.statusMessage !== undefined) lines.push(`statusMessage = ${JSON.stringify(h.statusMessage)}`);
    lines.push('');
  }
  lines[lines.length - 1] = TOML_END;
  return lines.join(eol) + eol;
}

export type TomlDocument = { readonly kind: 'ok'; readonly value: Record<string, unknown> } | { readonly kind: 'error'; readonly message: string };

export function parseToml(text: string): TomlDocument {
  try {
    return { kind: 'ok', value: parse(text) };
  } catch (error) {
    return { kind: 'error', message: `not valid TOML: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Every hook command configured in a parsed config.toml, in any form. */
export function tomlHookCommands(doc: Record<string, unknown>): string[] {
  const commands: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'command' && typeof inner === 'string') commands.push(inner);
        else visit(inner);
      }
    }
  };
  visit(doc.hooks);
  return commands;
}

export type TomlAdd =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'present' }
  /** A Warden hook that is not this block is configured already: left alone. */
  | { readonly kind: 'conflict' }
  | { readonly kind: 'ok'; readonly text: string; readonly edit: TextEdit };

export function addTomlBlock(text: string | null, hooks: readonly TomlHook[], isOurs: (command: string) => boolean): TomlAdd {
  const current = text ?? '';
  const before = parseToml(current);
  if (before.kind === 'error') return before;
  const eol = current.includes('\r\n') ? '\r\n' : '\n';
  const block = tomlBlock(hooks, eol);
  if (current.includes(block)) return { kind: 'present' };
  if (current.includes(TOML_BEGIN) || tomlHookCommands(before.value).some(isOurs)) return { kind: 'conflict' };
  const separator = current === '' ? '' : current.endsWith('\n') ? eol : eol + eol;
  const edit: TextEdit = { offset: current.length, removed: '', inserted: separator + block };
  const after = parseToml(current + edit.inserted);
  if (after.kind === 'error') return { kind: 'error', message: `adding Warden's hooks would make it invalid (${after.message}); add them by hand` };
  return { kind: 'ok', text: current + edit.inserted, edit };
}

export type TomlRemove =
  | { readonly kind: 'removed'; readonly text: string }
  | { readonly kind: 'changed' }
  | { readonly kind: 'missing' };

/** Removes the block as it was written (with the blank line before it, when that is still there). */
export function removeTomlBlock(text: string, inserted: string, block: string): TomlRemove {
  for (const exact of [inserted, block]) {
    const at = text.lastIndexOf(exact);
    if (at >= 0) return { kind: 'removed', text: text.slice(0, at) + text.slice(at + exact.length) };
  }
  return text.includes(TOML_BEGIN) ? { kind: 'changed' } : { kind: 'missing' };
}
