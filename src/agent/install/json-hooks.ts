// Warden's entries in an agent's JSON hook configuration (`{"hooks": {"<Event>": [entry, …]}}`):
// added first in each event's list, removed again without touching anything else in the file.
import type { Node } from 'jsonc-parser';
import { nodeAt, parseJsonObject, propertyNode, sameJson, valueOf } from './json-document.js';
import { insertFirst, layoutOf, removeMember, renderJson, type Layout } from './json-layout.js';
import { applyEdit, type TextEdit } from './text-edits.js';

export interface HookEntry {
  /** The agent's hook event (PreToolUse, beforeShellExecution, …). */
  readonly event: string;
  /** The element Warden adds to that event's list. */
  readonly entry: unknown;
}

export interface AddedEntry extends HookEntry {
  /** What was created to hold the entry, and goes again once empty: the whole `hooks` object, or the event's list. */
  readonly created: 'hooks' | 'event' | null;
}

export interface JsonHooksSpec {
  readonly entries: readonly HookEntry[];
  /** Top-level members a new file starts with (Cursor and Copilot read `"version": 1`). */
  readonly skeleton?: Readonly<Record<string, unknown>>;
  /** True for a Warden hook for this agent, including one that differs from what install writes. */
  readonly isOurs: (value: unknown) => boolean;
}

export type JsonAdd =
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'ok';
      readonly text: string;
      readonly edits: readonly TextEdit[];
      readonly added: readonly AddedEntry[];
      /** Events that already hold the entry. */
      readonly present: readonly string[];
      /** Events holding a different Warden entry, left alone. */
      readonly conflicts: readonly string[];
    };

const property = (key: string, value: unknown, layout: Layout) => (indent: string | null): string => `${JSON.stringify(key)}: ${renderJson(value, layout, indent)}`;

function shapeProblem(root: Node, entries: readonly HookEntry[]): string | null {
  const hooks = nodeAt(root, ['hooks']);
  if (!hooks) return null;
  if (hooks.type !== 'object') return '"hooks" is not an object';
  for (const { event } of entries) {
    const list = nodeAt(root, ['hooks', event]);
    if (list && list.type !== 'array') return `"hooks.${event}" is not a list`;
  }
  return null;
}

/** The text with Warden's entries added; a file that is missing or blank gets a new document. */
export function addJsonHooks(text: string | null, spec: JsonHooksSpec): JsonAdd {
  if (text === null || text.trim() === '') {
    const hooks: Record<string, unknown[]> = {};
    for (const { event, entry } of spec.entries) (hooks[event] ??= []).push(entry);
    const inserted = `${JSON.stringify({ ...spec.skeleton, hooks }, null, 2)}\n`;
    const added = spec.entries.map((e): AddedEntry => ({ ...e, created: 'hooks' }));
    return { kind: 'ok', text: inserted, edits: [{ offset: 0, removed: text ?? '', inserted }], added, present: [], conflicts: [] };
  }
  const layout = layoutOf(text);
  let current = text;
  const edits: TextEdit[] = [];
  const added: AddedEntry[] = [];
  const present: string[] = [];
  const conflicts: string[] = [];
  let createdHooks = false;
  // Each entry goes first in its list, so the last is added first to keep the events in order.
  for (const { event, entry } of [...spec.entries].reverse()) {
    const tree = parseJsonObject(current);
    if (tree.kind === 'error') return tree;
    const problem = shapeProblem(tree.root, spec.entries);
    if (problem) return { kind: 'error', message: problem };
    const hooks = nodeAt(tree.root, ['hooks']);
    const list = nodeAt(tree.root, ['hooks', event]);
    let edit: TextEdit;
    if (!hooks) {
      edit = insertFirst(current, tree.root, layout, property('hooks', { [event]: [entry] }, layout));
      createdHooks = true;
      added.push({ event, entry, created: 'hooks' });
    } else if (!list) {
      edit = insertFirst(current, hooks, layout, property(event, [entry], layout));
      added.push({ event, entry, created: createdHooks ? 'hooks' : 'event' });
    } else {
      const elements = (list.children ?? []).map(valueOf);
      if (elements.some((e) => sameJson(e, entry))) {
        present.push(event);
        continue;
      }
      if (elements.some(spec.isOurs)) {
        conflicts.push(event);
        continue;
      }
      edit = insertFirst(current, list, layout, (indent) => renderJson(entry, layout, indent));
      added.push({ event, entry, created: null });
    }
    current = applyEdit(current, edit);
    edits.push(edit);
  }
  return { kind: 'ok', text: current, edits, added: added.reverse(), present: present.reverse(), conflicts: conflicts.reverse() };
}

export type JsonRemove =
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'ok';
      /** null: the file held nothing but what install created, and goes. */
      readonly text: string | null;
      readonly removed: readonly string[];
      /** Events whose entry was changed since install: left in place. */
      readonly changed: readonly string[];
      /** Events whose entry is gone already. */
      readonly missing: readonly string[];
    };

/** Removes what addJsonHooks added, by structure: for a file edited since install. */
export function removeJsonHooks(text: string, added: readonly AddedEntry[], spec: Pick<JsonHooksSpec, 'isOurs' | 'skeleton'>, createdFile: boolean): JsonRemove {
  let current = text;
  const removed: string[] = [];
  const changed: string[] = [];
  const missing: string[] = [];
  /** One edit at a time on a fresh tree; the problem when the file no longer reads as a JSON object. */
  const step = (edit: (root: Node) => TextEdit | null): string | null => {
    const tree = parseJsonObject(current);
    if (tree.kind === 'error') return tree.message;
    const e = edit(tree.root);
    if (e) current = applyEdit(current, e);
    return null;
  };
  const steps: Array<(root: Node) => TextEdit | null> = [];
  for (const { event, entry } of [...added].reverse()) {
    steps.push((root) => {
      const list = nodeAt(root, ['hooks', event]);
      const elements = list?.type === 'array' ? (list.children ?? []) : [];
      const mine = elements.find((n) => sameJson(valueOf(n), entry));
      if (list && mine) {
        removed.push(event);
        return removeMember(current, list, mine);
      }
      (elements.some((n) => spec.isOurs(valueOf(n))) ? changed : missing).push(event);
      return null;
    });
  }
  for (const { event, created } of [...added].reverse()) {
    if (!created) continue;
    steps.push((root) => {
      const hooks = nodeAt(root, ['hooks']);
      const prop = hooks?.type === 'object' ? propertyNode(hooks, event) : undefined;
      const list = prop?.children?.[1];
      return hooks && prop && list?.type === 'array' && (list.children ?? []).length === 0 ? removeMember(current, hooks, prop) : null;
    });
  }
  if (added.some((a) => a.created === 'hooks')) {
    steps.push((root) => {
      const prop = propertyNode(root, 'hooks');
      const hooks = prop?.children?.[1];
      return prop && hooks?.type === 'object' && (hooks.children ?? []).length === 0 ? removeMember(current, root, prop) : null;
    });
  }
  for (const s of steps) {
    const problem = step(s);
    if (problem) return { kind: 'error', message: problem };
  }
  if (createdFile) {
    const tree = parseJsonObject(current);
    const skeleton = spec.skeleton ?? {};
    const onlySkeleton = tree.kind === 'tree' && (tree.root.children ?? []).every((p) => {
      const key = p.children?.[0]?.value as string;
      return Object.hasOwn(skeleton, key) && p.children?.[1] !== undefined && sameJson(valueOf(p.children[1]), skeleton[key]);
    });
    if (onlySkeleton) return { kind: 'ok', text: null, removed: removed.reverse(), changed: changed.reverse(), missing: missing.reverse() };
  }
  return { kind: 'ok', text: current, removed: removed.reverse(), changed: changed.reverse(), missing: missing.reverse() };
}
