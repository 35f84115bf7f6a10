// Codex's config.toml: Warden's block appended and removed as text, the rest untouched.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { codexTomlHooks, isWardenCommand } from './agents.js';
import { addTomlBlock, removeTomlBlock, TOML_BEGIN, tomlBlock } from './toml-block.js';
import { revertEdits } from './text-edits.js';

const COMMAND = "/usr/bin/node '/opt/my warden/main.js' hook codex";
const HOOKS = codexTomlHooks(COMMAND);
const ours = isWardenCommand('codex');

const ORIGINALS: Record<string, string> = {
  'settings and comments': `# my Codex settings
model = "gpt-5-codex"   # the usual
approval_policy = "on-request"

[profiles.fast]
model = "gpt-5-mini"
`,
  'no newline at the end': 'model = "o3"\n[features]\nweb_search = true',
  'the user\'s own hooks': `[[hooks.PreToolUse]]
matcher = "Bash"

[[hooks.PreToolUse.hooks]]
type = "command"
command = "my-linter"
`,
  'CRLF': 'model = "o3"\r\n\r\n[tui]\r\nnotifications = true\r\n',
  'empty': '',
};

describe.each(Object.entries(ORIGINALS))('config.toml with %s', (_name, original) => {
  it('gets a block that parses into Warden\'s hooks, and loses it again byte for byte', () => {
    const added = addTomlBlock(original, HOOKS, ours);
    if (added.kind !== 'ok') throw new Error(added.kind);
    expect(added.text.startsWith(original)).toBe(true);
    const doc = parse(added.text) as { hooks: Record<string, Array<{ matcher: string; hooks: Array<{ command: string; timeout: number }> }>> };
    for (const event of ['PreToolUse', 'PostToolUse']) {
      expect(doc.hooks[event]?.at(-1)).toMatchObject({ matcher: '*', hooks: [{ type: 'command', command: COMMAND, timeout: 30 }] });
    }
    expect(revertEdits(added.text, [added.edit])).toBe(original);
    const block = tomlBlock(HOOKS, original.includes('\r\n') ? '\r\n' : '\n');
    expect(removeTomlBlock(added.text, added.edit.inserted, block)).toEqual({ kind: 'removed', text: original });
    expect(addTomlBlock(added.text, HOOKS, ours)).toEqual({ kind: 'present' });
  });
});

describe('config.toml edits that are refused or left alone', () => {
  it('refuses a file that does not parse', () => {
    const added = addTomlBlock('model = "o3"\n[tui\n', HOOKS, ours);
    expect(added.kind).toBe('error');
  });

  it('refuses to append where the result would not parse (hooks already an inline array)', () => {
    const added = addTomlBlock('[hooks]\nPreToolUse = [{ matcher = "*" }]\n', HOOKS, ours);
    expect(added).toMatchObject({ kind: 'error', message: expect.stringMatching(/would make it invalid/) as unknown });
  });

  it('leaves a Warden hook configured by hand alone', () => {
    const text = '[[hooks.PreToolUse]]\nmatcher = "*"\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "warden hook codex"\n';
    expect(addTomlBlock(text, HOOKS, ours)).toEqual({ kind: 'conflict' });
  });

  it('removes the block where it is, when the user added settings after it', () => {
    const added = addTomlBlock('model = "o3"\n', HOOKS, ours);
    if (added.kind !== 'ok') throw new Error(added.kind);
    const later = `${added.text}\n[tui]\nnotifications = true\n`;
    expect(removeTomlBlock(later, added.edit.inserted, tomlBlock(HOOKS))).toEqual({ kind: 'removed', text: 'model = "o3"\n\n[tui]\nnotifications = true\n' });
  });

  it('leaves a block the user changed, and says so; reports a block already gone', () => {
    const added = addTomlBlock('', HOOKS, ours);
    if (added.kind !== 'ok') throw new Error(added.kind);
    const changed = added.text.replace('timeout = 30', 'timeout = 60');
    expect(changed).toContain(TOML_BEGIN);
    expect(removeTomlBlock(changed, added.edit.inserted, tomlBlock(HOOKS))).toEqual({ kind: 'changed' });
    expect(removeTomlBlock('model = "o3"\n', added.edit.inserted, tomlBlock(HOOKS))).toEqual({ kind: 'missing' });
  });
});
