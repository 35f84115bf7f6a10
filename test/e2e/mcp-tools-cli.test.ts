// `warden mcp tools` against what a real `warden proxy` recorded: a rug-pulled tool, or one the
// server never declared, is blocked (--block-undeclared) until a person accepts it, which the
// running proxy then honours (as it honours a forget), and the acceptance is in the audit log
// with who made it.
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';

const ROGUE = fileURLToPath(new URL('../fixtures/mcp/rogue-server.mjs', import.meta.url));
const POLICY = `version: 1
roles:
  - name: dev
    mode: enforce
    mcp:
      - { tool: "*/*", action: allow }
    defaults: { command: allow, mcp: allow, file: allow, web: allow }
`;

let box: Sandbox;
beforeAll(() => {
  box = sandbox();
  writeFileSync(join(box.dir, 'policy.yaml'), POLICY);
});
afterAll(() => { if (box) box.remove(); });

async function proxied(name: string, server: readonly string[]): Promise<{ client: Client; stderr: () => Promise<string> }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [WARDEN_BIN, 'proxy', '--name', name, '--policy', 'policy.yaml', '--block-undeclared', '--', ...server],
    env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' },
    cwd: box.dir,
    stderr: 'pipe',
  });
  let text = '';
  const stream = transport.stderr as Readable;
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => { text += d; });
  const ended = once(stream, 'end');
  const client = new Client({ name: 'e2e-client', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: async () => { await ended; return text; } };
}

const textOf = (r: unknown): string => ((r as { content: { type: string; text?: string }[] }).content.find((c) => c.type === 'text')?.text ?? '');

async function rejection(p: Promise<unknown>): Promise<McpError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
  throw new Error('the call was not refused');
}

interface Listed { server: string; tool: string; state: string; diff: string | null }

describe('warden mcp tools', () => {
  it('says so when nothing is recorded, and names unknown servers and tools with exit status 1', () => {
    const empty = box.run(['mcp', 'tools', 'list']);
    expect(empty.status).toBe(0);
    expect(empty.stdout).toMatch(/No MCP server's tools are recorded yet/);
    const unknown = box.run(['mcp', 'tools', 'accept', 'nobody']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no tools are recorded for an MCP server named "nobody"/);
    for (const sub of ['list', 'show', 'accept', 'forget']) {
      const help = box.run(['mcp', 'tools', sub, '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Usage: warden mcp tools/);
    }
  });

  it('a rug pull is blocked until accepted; the running proxy then lets the call through, and the audit log says who accepted', async () => {
    const p = await proxied('rogue', [process.execPath, ROGUE, '--rug-pull']);
    expect((await p.client.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect(textOf(await p.client.callTool({ name: 'echo', arguments: { text: 'first' } }))).toBe('first');
    expect((await p.client.listTools()).tools.map((t) => t.name)).not.toContain('echo');
    const refused = await rejection(p.client.callTool({ name: 'echo', arguments: { text: 'again' } }));
    expect(refused.message).toMatch(/rogue\/echo changed since first seen/);

    const listed = box.run(['mcp', 'tools', 'list', '--json']);
    expect(listed.status).toBe(0);
    const rows = JSON.parse(listed.stdout) as Listed[];
    expect(rows.find((r) => r.tool === 'echo')).toMatchObject({ server: 'rogue', state: 'changed' });
    expect(rows.find((r) => r.tool === 'size')).toMatchObject({ state: 'unchanged', diff: null });
    const shown = box.run(['mcp', 'tools', 'show', 'rogue/echo']);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/read ~\/\.ssh\/id_rsa/);
    expect(shown.stdout).toMatch(/warden mcp tools accept rogue\/echo/);
    expect(box.run(['mcp', 'tools', 'show', 'rogue/nope']).stderr).toMatch(/rogue declared no tool named "nope"/);
    const nothing = box.run(['mcp', 'tools', 'accept', 'rogue/size']);
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toMatch(/no changed definition to accept/);

    const accepted = box.run(['mcp', 'tools', 'accept', 'rogue/echo']);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toMatch(/accepted rogue\/echo as /);
    // The proxy that blocked it is still running: it now holds echo to the accepted definition.
    expect(textOf(await p.client.callTool({ name: 'echo', arguments: { text: 'after' } }))).toBe('after');
    await p.client.close();
    await p.stderr();

    expect((JSON.parse(box.run(['mcp', 'tools', 'list', '--server', 'rogue', '--json']).stdout) as Listed[]).every((r) => r.state === 'unchanged')).toBe(true);
    const audit = box.run(['audit', 'list', '--type', 'config_change', '--json']);
    expect(audit.status).toBe(0);
    expect(audit.stdout).toMatch(/accepted the changed definition of rogue\/echo/);
    expect(box.run(['audit', 'verify']).status).toBe(0);
  });

  it('a legitimate upgrade across restarts: once accepted, the tool is listed and callable again', async () => {
    const before = await proxied('upgraded', [process.execPath, ROGUE]);
    await before.client.listTools();
    await before.client.close();
    await before.stderr();
    const after = await proxied('upgraded', [process.execPath, ROGUE, '--updated']);
    expect((await after.client.listTools()).tools.map((t) => t.name)).not.toContain('echo');
    expect((await rejection(after.client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).message).toMatch(/upgraded\/echo changed since first seen/);
    const shown = box.run(['mcp', 'tools', 'show', 'upgraded/echo', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ state: 'changed', changed_fields: ['description', 'inputSchema'], latest: { description: 'Echoes text back, optionally louder.' } });

    const accepted = box.run(['mcp', 'tools', 'accept', 'upgraded', '--json']);
    expect(accepted.status).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject([{ server: 'upgraded', tool: 'echo' }]);
    expect((await after.client.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect(textOf(await after.client.callTool({ name: 'echo', arguments: { text: 'louder' } }))).toBe('louder');
    await after.client.close();
    await after.stderr();
  });

  it('forget removes a server: its next proxy takes the tools/list as first seen', async () => {
    const first = await proxied('rogue-forget', [process.execPath, ROGUE]);
    await first.client.listTools();
    await first.client.close();
    await first.stderr();
    expect(box.run(['mcp', 'tools', 'forget', 'rogue-forget']).status).toBe(0);
    expect(box.run(['mcp', 'tools', 'list', '--server', 'rogue-forget']).status).toBe(1);

    const second = await proxied('rogue-forget', [process.execPath, ROGUE, '--updated']);
    expect((await second.client.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect(textOf(await second.client.callTool({ name: 'echo', arguments: { text: 'new' } }))).toBe('new');
    await second.client.close();
    await second.stderr();
  });

  it('a tool the server never declared is blocked until accepted with --undeclared; a forget reaches the running proxy too', async () => {
    const p = await proxied('hidden', [process.execPath, ROGUE]);
    expect((await p.client.listTools()).tools.map((t) => t.name)).not.toContain('debug');
    const refused = await rejection(p.client.callTool({ name: 'debug', arguments: {} }));
    expect(refused.message).toMatch(/hidden\/debug is not among the tools hidden declared/);
    expect(refused.message).toMatch(/warden mcp tools accept hidden\/debug --undeclared/);

    const accepted = box.run(['mcp', 'tools', 'accept', 'hidden/debug', '--undeclared']);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toMatch(/accepted hidden\/debug, a tool hidden never declared, as /);
    expect(textOf(await p.client.callTool({ name: 'debug', arguments: {} }))).toBe('debug tool ran');
    const again = box.run(['mcp', 'tools', 'accept', 'hidden/debug', '--undeclared']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/hidden\/debug is recorded already/);
    expect(box.run(['mcp', 'tools', 'accept', 'hidden', '--undeclared']).stderr).toMatch(/name a tool as SERVER\/TOOL/);

    // Forgotten while the proxy runs: its tools count as undeclared until the client lists them again.
    expect(box.run(['mcp', 'tools', 'forget', 'hidden']).status).toBe(0);
    expect((await rejection(p.client.callTool({ name: 'echo', arguments: { text: 'x' } }))).message).toMatch(/hidden\/echo is not among the tools hidden declared/);
    expect((await p.client.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect(textOf(await p.client.callTool({ name: 'echo', arguments: { text: 'listed again' } }))).toBe('listed again');
    await p.client.close();
    await p.stderr();

    const audit = box.run(['audit', 'list', '--type', 'config_change', '--json']);
    expect(audit.stdout).toMatch(/accepted hidden\/debug, a tool hidden never declared/);
    expect(box.run(['audit', 'verify']).status).toBe(0);
  });
});
