// `warden watch` through the built CLI: a call `warden proxy` blocked (a real proxy, a real MCP
// server of our own) reaches a webhook on loopback as a Slack message, once; usage errors are clear.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, WARDEN_BIN, type Sandbox } from './run-cli.js';

const SERVER = fileURLToPath(new URL('../fixtures/mcp/rogue-server.mjs', import.meta.url));
const POLICY = `version: 1
roles:
  - name: dev
    mode: enforce
    mcp:
      - { id: no-crash, tool: "demo/crash", action: deny, severity: high, reason: "crashing the server is not allowed" }
      - { tool: "demo/*", action: allow }
    defaults: { command: allow, mcp: deny, file: allow, web: allow }
`;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

function fresh(): Sandbox {
  const box = sandbox();
  cleanups.push(() => box.remove());
  return box;
}

/** A webhook on loopback that keeps what it is sent. */
async function receiver(): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/services/T0/B0/token`, bodies };
}

/** Runs the CLI without blocking this process (the webhook answers from here). */
function runAsync(box: Sandbox, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WARDEN_BIN, ...args], { cwd: box.dir, env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const rpc = (id: number | null, method: string, params: unknown): string => `${JSON.stringify({ jsonrpc: '2.0', ...(id === null ? {} : { id }), method, params })}\n`;

describe('warden watch', () => {
  it('sends a call the proxy blocked to a Slack webhook, once', async () => {
    const box = fresh();
    writeFileSync(join(box.dir, 'policy.yaml'), POLICY);
    const session = [
      rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e-client', version: '1' } }),
      rpc(null, 'notifications/initialized', {}),
      rpc(2, 'tools/call', { name: 'crash', arguments: { why: '<!channel> now' } }),
      rpc(3, 'tools/call', { name: 'echo', arguments: { text: 'hi' } }),
    ].join('');
    const proxied = box.run(['proxy', '--name', 'demo', '--policy', 'policy.yaml', '--', process.execPath, SERVER], session);
    expect(proxied.stdout).toContain('crashing the server is not allowed');

    const hook = await receiver();
    const first = await runAsync(box, ['watch', '--once', '--from-start', '--format', 'slack', '--webhook', hook.url]);
    expect(first.stderr).toMatch(/^sending alerts to http:\/\/127\.0\.0\.1:\d+ \(slack\), after audit entry #0 \(from the start\)$/m);
    expect(first.stderr).not.toContain('token');
    expect(first.stdout).toMatch(/^sent #\d+ Blocked: demo\/crash \(high\)$/m);
    expect(first.status).toBe(0);
    expect(hook.bodies).toHaveLength(1);
    const message = hook.bodies[0] as { text: string; blocks: { text?: { text: string }; elements?: { text: string }[] }[] };
    expect(message.text).toBe('Warden: Blocked: demo/crash');
    expect(message.blocks[0]!.text!.text).toContain('crashing the server is not allowed');
    expect(message.blocks[1]!.elements![0]!.text).toMatch(/^high · e2e-client on .+ · role dev \(enforce\) · rule no-crash · audit entry #\d+$/);

    // Run again: nothing new, nothing sent twice.
    const again = await runAsync(box, ['watch', '--once', '--format', 'slack', '--webhook', hook.url, '--json']);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe('');
    expect(hook.bodies).toHaveLength(1);
  });

  it('runs once per destination, stops on SIGTERM, and a second watch for the same destination is refused meanwhile', async () => {
    const box = fresh();
    writeFileSync(join(box.dir, 'policy.yaml'), POLICY);
    // An audit log to watch: one call through the proxy.
    box.run(['proxy', '--name', 'demo', '--policy', 'policy.yaml', '--', process.execPath, SERVER], rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } }));
    const child = spawn(process.execPath, [WARDEN_BIN, 'watch', '--log', 'alerts.jsonl', '--interval', '100'], { cwd: box.dir, env: { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' } });
    cleanups.push(() => { child.kill('SIGKILL'); });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    for (let i = 0; i < 300 && !stderr.includes('watching alerts to'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(stderr).toMatch(/^watching alerts to alerts\.jsonl, after audit entry #\d+ \(new ones only; --from-start for the rest\)$/m);

    const second = box.run(['watch', '--once', '--log', 'alerts.jsonl']);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`a warden watch for this destination is already running (pid ${child.pid})`);
    // Another destination is another watch.
    expect(box.run(['watch', '--once', '--log', 'other.jsonl']).status).toBe(0);
    // A log file that cannot be opened: a clear error, not a crash.
    const bad = box.run(['watch', '--once', '--log', box.dir]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^warden: cannot open --log .*: EISDIR/m);
    expect(bad.stderr).not.toContain('unexpected error');

    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(box.run(['watch', '--once', '--log', 'alerts.jsonl']).status).toBe(0);
  });

  it('explains what it needs', () => {
    const box = fresh();
    const help = box.run(['watch', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--format <format>\s+the webhook's payload: json, slack, teams,\s+pagerduty/);
    expect(box.run(['watch', '--once']).stderr).toMatch(/where to\? --webhook URL/);
    expect(box.run(['watch', '--once', '--webhook', 'ftp://x']).stderr).toMatch(/must be an http\(s\) address/);
    expect(box.run(['watch', '--once', '--format', 'pagerduty']).stderr).toMatch(/needs the integration key/);
    expect(box.run(['watch', '--once', '--format', 'xml', '--log', 'a.jsonl']).stderr).toMatch(/--format must be one of json, slack, teams, pagerduty/);
    const none = box.run(['watch', '--once', '--log', 'a.jsonl']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no audit log at .*audit\.db yet/);
  });
});
