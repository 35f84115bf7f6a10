// Warden's entries in JSON hook configs: added without disturbing a byte of what is there, taken
// back exactly, found by value when the file changed since, refused when the file is not sound.
import { describe, expect, it } from 'vitest';
import { HOOK_AGENTS, type HookAgent } from '../../intercept/hooks/index.js';
import { isWardenEntry, jsonInstall } from './agents.js';
import { addJsonHooks, removeJsonHooks, type JsonHooksSpec } from './json-hooks.js';
import { revertEdits } from './text-edits.js';

const COMMAND = (agent: HookAgent) => `/usr/bin/node /opt/warden/build/src/cli/main.js hook ${agent}`;
const specFor = (agent: HookAgent): JsonHooksSpec => ({ ...jsonInstall(agent, COMMAND(agent), 'enforce'), isOurs: isWardenEntry(agent) });

/** Configs as people write them: comments, their own hooks, other settings, odd layouts. */
const ORIGINALS: Record<string, string> = {
  'comments and settings': `{
  // personal settings
  "model": "opus", /* the big one */
  "permissions": { "allow": ["Bash(npm test)"] }
}
`,
  'comment right after the brace': `{ // top
    "theme": "dark"
}`,
  'empty object': '{}',
  'empty object on lines': '{\n}\n',
  'minified with trailing comma': '{"a":1,"b":[1,2],}',
  'tabs and CRLF': '{\r\n\t"a": 1,\r\n\t"b": {\r\n\t\t"c": true\r\n\t}\r\n}\r\n',
  'blank file': '  \n',
};

/** The same with the agent's own hooks under the events Warden uses. */
function withUserHooks(agent: HookAgent): string {
  const events = jsonInstall(agent, '', null).entries.map((e) => e.event);
  const lists = events.map((event, i) => `    "${event}": [
      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "my-linter --strict" }] } // mine ${i}
    ]`);
  return `{
  "version": 1,
  "hooks": {
${lists.join(',\n')},
    "Other": []
  },
  "keep": "me"
}
`;
}

describe.each(HOOK_AGENTS)('%s JSON config', (agent) => {
  const spec = specFor(agent);
  const cases = { ...ORIGINALS, 'the user\'s own hooks': withUserHooks(agent) };

  it.each(Object.entries(cases))('%s: install adds every entry, uninstall gives back every byte', (_name, original) => {
    const added = addJsonHooks(original, spec);
    if (added.kind !== 'ok') throw new Error(added.message);
    expect(added.added.map((a) => a.event)).toEqual(spec.entries.map((e) => e.event));
    const value = JSON.parse(added.text.replace(/\/\/[^\n]*|\/\*.*?\*\//g, '').replace(/,(\s*[}\]])/g, '$1')) as { hooks: Record<string, unknown[]> };
    for (const { event, entry } of spec.entries) expect(value.hooks[event]?.[0]).toEqual(entry);
    // Exactly as install left it: its edits revert to the original.
    expect(revertEdits(added.text, added.edits)).toBe(original);
    // Found by value (as for a file edited since): the same bytes, but that an object left empty
    // is `{}` and a blank file an object with no more than the skeleton install gave it.
    const removed = removeJsonHooks(added.text, added.added, spec, false);
    if (removed.kind !== 'ok') throw new Error(removed.message);
    expect(removed.removed).toHaveLength(spec.entries.length);
    const emptied = (text: string) => text.replace(/\{\s*\}/g, '{}');
    if (original.trim() === '') expect(removed.text?.trim()).toMatch(/^\{\s*("version": 1)?\s*\}$/);
    else expect(emptied(removed.text ?? '')).toBe(emptied(original));
  });

  it('keeps the user\'s hooks and comments, and puts Warden first', () => {
    const original = withUserHooks(agent);
    const added = addJsonHooks(original, spec);
    if (added.kind !== 'ok') throw new Error(added.message);
    expect(added.text).toContain('{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "my-linter --strict" }] } // mine 0');
    expect(added.text).toContain('"keep": "me"');
    const first = spec.entries[0]!;
    const list = added.text.slice(added.text.indexOf(`"${first.event}": [`));
    expect(list.indexOf(COMMAND(agent))).toBeLessThan(list.indexOf('my-linter'));
  });

  it('adds nothing the second time', () => {
    const once = addJsonHooks('{}', spec);
    if (once.kind !== 'ok') throw new Error(once.message);
    const twice = addJsonHooks(once.text, spec);
    expect(twice).toMatchObject({ kind: 'ok', text: once.text, edits: [], present: spec.entries.map((e) => e.event) });
  });

  it('removes only Warden\'s entries from a file edited since, and the lists it created', () => {
    const added = addJsonHooks('{\n  "a": 1\n}\n', spec);
    if (added.kind !== 'ok') throw new Error(added.message);
    const edited = added.text.replace('"a": 1', '"a": 2,\n  // later\n  "b": true');
    const removed = removeJsonHooks(edited, added.added, spec, false);
    expect(removed).toMatchObject({ kind: 'ok', text: '{\n  "a": 2,\n  // later\n  "b": true\n}\n' });
  });

  it('leaves an entry the user changed, and says so', () => {
    const added = addJsonHooks('{}', spec);
    if (added.kind !== 'ok') throw new Error(added.message);
    const edited = added.text.replace(`"${COMMAND(agent)}"`, `"${COMMAND(agent)} --read-timeout 2000"`);
    const removed = removeJsonHooks(edited, added.added, spec, false);
    if (removed.kind !== 'ok') throw new Error(removed.message);
    expect(removed.changed.length).toBeGreaterThan(0);
    expect(removed.text).toContain('--read-timeout 2000');
  });

  it('leaves a different Warden hook alone instead of adding a second one', () => {
    const other = `{"hooks": {${spec.entries.map((e) => `"${e.event}": [{"command": "warden hook ${agent}"}]`).join(', ')}}}`;
    const added = addJsonHooks(other, spec);
    expect(added).toMatchObject({ kind: 'ok', text: other, conflicts: spec.entries.map((e) => e.event) });
  });
});

describe('files Warden will not edit', () => {
  const spec = specFor('claude-code');
  it.each([
    ['not JSON', '{"model": "opus",,}', /not valid JSON: .* at line 1, column/],
    ['cut short', '{"hooks": {', /not valid JSON/],
    ['an array', '[]', /not a JSON object/],
    ['hooks not an object', '{"hooks": []}', /"hooks" is not an object/],
    ['an event not a list', '{"hooks": {"PostToolUse": {"matcher": "*"}}}', /"hooks.PostToolUse" is not a list/],
  ])('%s', (_name, text, message) => {
    const added = addJsonHooks(text, spec);
    expect(added.kind).toBe('error');
    if (added.kind === 'error') expect(added.message).toMatch(message);
  });
});

describe('a file install created', () => {
  it('is written whole, with the skeleton the agent reads, and goes once emptied', () => {
    const spec = specFor('cursor');
    const added = addJsonHooks(null, spec);
    if (added.kind !== 'ok') throw new Error(added.message);
    expect(JSON.parse(added.text)).toMatchObject({ version: 1, hooks: { beforeShellExecution: [{ command: COMMAND('cursor'), failClosed: true }] } });
    expect(removeJsonHooks(added.text, added.added, spec, true)).toMatchObject({ kind: 'ok', text: null });
    const kept = added.text.replace('"version": 1', '"version": 1,\n  "mine": true');
    expect(removeJsonHooks(kept, added.added, spec, true)).toMatchObject({ kind: 'ok', text: '{\n  "version": 1,\n  "mine": true\n}\n' });
  });
});
