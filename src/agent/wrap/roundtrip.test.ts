// Property: for any config of any layout, wrap then unwrap returns the original bytes, by the
// recorded edits and entry by entry; wrapping twice changes nothing; every local server runs
// through the proxy with its own command line after "--".
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseJsonObject, valueOf } from '../install/json-document.js';
import { applyEdits, revertEdits } from '../install/text-edits.js';
import { JSON_SERVERS } from './json-servers.js';
import { wrapText, type TextWrap } from './plan-wrap.js';
import { unwrapCommand, type Launcher } from './proxy-argv.js';
import type { Containers, ServerFormat } from './server-format.js';
import { TOML_SERVERS, tomlString } from './toml-servers.js';
import { YAML_SERVERS, yamlString } from './yaml-servers.js';
import { parse as parseYaml } from 'yaml';

const LAUNCHER: Launcher = { command: '/usr/bin/node', args: ['/opt/warden/build/src/cli/main.js'] };
const word = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
const anyText = fc.string({ unit: 'grapheme', maxLength: 12 });

interface Server {
  readonly command: string;
  readonly args: string[] | null;
  readonly env: Record<string, string> | null;
  readonly remote: boolean;
}
const server = fc.record({
  command: word,
  args: fc.option(fc.array(anyText, { maxLength: 4 }), { nil: null }),
  env: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }).filter((k) => /^[A-Za-z_]+$/.test(k)), anyText, { maxKeys: 2 }), { nil: null }),
  remote: fc.boolean(),
});
const servers = fc.dictionary(word, server, { minKeys: 1, maxKeys: 4 }).filter((d) => !Object.keys(d).includes('__proto__'));

function roundTrip(text: string, format: ServerFormat, containers: Containers, expected: Record<string, Server>): TextWrap {
  const done = wrapText(text, format, containers, { launcher: LAUNCHER, proxy: {} });
  if ('error' in done) throw new Error(done.error);
  const local = Object.entries(expected).filter(([, s]) => !s.remote);
  expect(done.wrapped.map((w) => w.name).sort()).toEqual(local.map(([n]) => n).sort());
  for (const w of done.wrapped) {
    const s = expected[w.name]!;
    expect(unwrapCommand(w.wrapped)).toEqual({ command: s.command, args: s.args ?? [] });
  }
  expect(revertEdits(done.text, done.edits)).toBe(text);
  let current = done.text;
  for (const w of [...done.wrapped].reverse()) {
    const r = format.restore(current, w);
    if (r.kind !== 'ok') throw new Error(r.kind);
    current = applyEdits(current, r.edits);
  }
  expect(current).toBe(text);
  const again = wrapText(done.text, format, containers, { launcher: LAUNCHER, proxy: {}, ours: done.wrapped });
  expect('error' in again ? again.error : again.text).toBe(done.text);
  return done;
}

describe('wrap then unwrap, JSON of any layout', () => {
  it('returns the original bytes', () => {
    const layout = fc.record({ indent: fc.constantFrom(0, 2, 4, '\t'), crlf: fc.boolean(), comment: fc.boolean(), key: fc.constantFrom('mcpServers', 'servers') });
    fc.assert(fc.property(servers, layout, (entries, l) => {
      const value = Object.fromEntries(Object.entries(entries).map(([name, s]) => [name, s.remote
        ? { type: 'http', url: `https://example.com/${s.command}` }
        : { command: s.command, ...(s.args ? { args: s.args } : {}), ...(s.env ? { env: s.env } : {}) }]));
      let text = JSON.stringify({ theme: 'x', [l.key]: value }, null, l.indent);
      if (l.comment && l.indent !== 0) text = text.replace(`"${l.key}": {`, `"${l.key}": { // my servers`);
      if (l.crlf) text = text.replace(/\n/g, '\r\n');
      const done = roundTrip(text, JSON_SERVERS, () => [[l.key]], entries);
      const tree = parseJsonObject(done.text);
      expect(tree.kind).toBe('tree');
      if (tree.kind === 'tree') expect(Object.keys((valueOf(tree.root) as Record<string, object>)[l.key]!)).toEqual(Object.keys(value));
    }), { numRuns: 300 });
  });
});

describe('wrap then unwrap, Codex TOML of any layout', () => {
  it('returns the original bytes', () => {
    const layout = fc.record({ crlf: fc.boolean(), multiLineArgs: fc.boolean(), inline: fc.boolean(), comment: fc.boolean() });
    fc.assert(fc.property(servers, layout, (entries, l) => {
      const lines = ['# codex', 'model = "o3"', ''];
      const list = (items: readonly string[]) => (l.multiLineArgs && items.length > 0 ? `[${l.comment ? ' # args' : ''}\n${items.map((a) => `  ${tomlString(a)},`).join('\n')}\n]` : `[${items.map(tomlString).join(', ')}]`);
      for (const [name, s] of Object.entries(entries)) {
        if (l.inline) {
          const parts = s.remote ? [`url = ${tomlString(`https://example.com/${s.command}`)}`] : [`command = ${tomlString(s.command)}`, ...(s.args ? [`args = [${s.args.map(tomlString).join(', ')}]`] : [])];
          lines.push(`mcp_servers.${tomlString(name)} = { ${parts.join(', ')} }`);
          continue;
        }
        lines.push(`[mcp_servers.${tomlString(name)}]`);
        if (s.remote) lines.push(`url = ${tomlString(`https://example.com/${s.command}`)}`);
        else {
          lines.push(`command = ${tomlString(s.command)}${l.comment ? ' # run' : ''}`);
          if (s.args) lines.push(`args = ${list(s.args)}`);
          if (s.env) lines.push('', `[mcp_servers.${tomlString(name)}.env]`, ...Object.entries(s.env).map(([k, v]) => `${k} = ${tomlString(v)}`));
        }
        lines.push('');
      }
      let text = lines.join('\n');
      if (l.crlf) text = text.replace(/\n/g, '\r\n');
      const done = roundTrip(text, TOML_SERVERS, () => [['mcp_servers']], entries);
      expect(Object.keys((parse(done.text) as { mcp_servers: object }).mcp_servers)).toEqual(Object.keys(entries));
    }), { numRuns: 300 });
  });
});

describe('wrap then unwrap, Continue YAML of any layout', () => {
  it('returns the original bytes', () => {
    const q = yamlString;
    const layout = fc.record({ crlf: fc.boolean(), blockArgs: fc.boolean(), flowItems: fc.boolean(), comment: fc.boolean(), indent: fc.constantFrom(2, 4) });
    fc.assert(fc.property(servers, layout, (entries, l) => {
      const pad = ' '.repeat(l.indent);
      const lines = ['# continue', 'name: Local', 'schema: v1', 'mcpServers:'];
      for (const [name, s] of Object.entries(entries)) {
        if (s.remote) {
          lines.push(`${pad}- name: ${q(name)}`, `${pad}  type: streamable-http`, `${pad}  url: ${q(`https://example.com/${s.command}`)}`);
          continue;
        }
        if (l.flowItems) {
          const parts = [`name: ${q(name)}`, `command: ${q(s.command)}`, ...(s.args ? [`args: [${s.args.map(q).join(', ')}]`] : [])];
          lines.push(`${pad}- { ${parts.join(', ')} }`);
          continue;
        }
        lines.push(`${pad}- name: ${q(name)}${l.comment ? '  # a server' : ''}`, `${pad}  command: ${q(s.command)}${l.comment ? ' # run' : ''}`);
        if (s.args && l.blockArgs && s.args.length > 0) lines.push(`${pad}  args:`, ...s.args.map((a) => `${pad}    - ${q(a)}`));
        else if (s.args) lines.push(`${pad}  args: [${s.args.map(q).join(', ')}]`);
        if (s.env) lines.push(`${pad}  env:`, ...Object.entries(s.env).map(([k, v]) => `${pad}    ${k}: ${q(v)}`));
      }
      let text = `${lines.join('\n')}\n`;
      if (l.crlf) text = text.replace(/\n/g, '\r\n');
      const done = roundTrip(text, YAML_SERVERS, () => [['mcpServers']], entries);
      expect((parseYaml(done.text) as { mcpServers: { name: string }[] }).mcpServers.map((s) => s.name)).toEqual(Object.keys(entries));
    }), { numRuns: 300 });
  });
});
