// `warden gateway` between the official MCP SDK client (Streamable HTTP) and the real
// server-everything from npm, over Streamable HTTP and over the legacy HTTP+SSE transport, all
// through the built CLI; held calls decided with `warden approvals` from another process.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everything, freePort, gateway, type Proc } from './mcp-gateway-procs.js';
import { sandbox, type Sandbox } from './run-cli.js';
import { until } from './until.js';

const POLICY = `version: 1
roles:
  - name: dev
    mode: enforce
    mcp:
      - { id: no-env, tool: "everything/get-env", action: deny, reason: "environment dumps are not for agents" }
      - { id: ask-sum, tool: "everything/get-sum", action: ask }
      - { tool: "*/*", action: allow }
    defaults: { command: allow, mcp: allow, file: allow, web: allow }
`;
const SECRET = 'Bearer gw-e2e-0123456789abcdefghijklmnopqrstuv';

let box: Sandbox;
let streamable: Proc & { url: string };
let legacy: Proc & { url: string };
const procs: Proc[] = [];

beforeAll(async () => {
  box = sandbox();
  writeFileSync(join(box.dir, 'policy.yaml'), POLICY);
  [streamable, legacy] = await Promise.all([everything('streamableHttp', box.dir), everything('sse', box.dir)]);
  procs.push(streamable, legacy);
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  if (box) box.remove();
});

async function startGateway(upstream: string, flags: readonly string[] = []): Promise<Proc & { url: string }> {
  const g = await gateway(box, ['--upstream', upstream, '--name', 'everything', '--policy', 'policy.yaml', ...flags]);
  procs.push(g);
  return g;
}

async function connect(url: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: SECRET } } });
  const client = new Client({ name: 'gateway-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
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

const readLog = (file: string): Record<string, unknown>[] =>
  readFileSync(join(box.dir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const upstreamPosts = (p: Proc): number => p.output().split('Received MCP POST request').length - 1;

/**
 * The upstream logs each POST on its stdout, which reaches this process on its own schedule: wait
 * until it has logged the last step of this client's handshake (its GET stream) before counting.
 */
const handshakeLogged = (t: StreamableHTTPClientTransport): Promise<true> =>
  until('the upstream to log the handshake', () => (streamable.output().includes(`Establishing new SSE stream for session ${t.sessionId}`) ? true : undefined));


interface SseEvent {
  readonly id?: string;
  readonly data: string;
}

/** The events of an SSE response until one matches `done` (then the response is cancelled), or 10 s pass. */
async function sseEvents(res: Response, done: (e: SseEvent) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const timer = setTimeout(() => void reader.cancel(), 10_000);
  let text = '';
  try {
    for (;;) {
      const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (chunk.done) return events;
      text += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, '\n');
      let end: number;
      while ((end = text.indexOf('\n\n')) !== -1) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        let id: string | undefined;
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('id:')) id = line.slice(3).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        const e = { id, data: data.join('\n') };
        events.push(e);
        if (done(e)) return events;
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
}

function pendingId(): string | undefined {
  const r = box.run(['approvals', 'list', '--json']);
  expect(r.status).toBe(0);
  const rows = JSON.parse(r.stdout) as { id: string; subject: string }[];
  return rows.find((x) => x.subject === 'everything/get-sum')?.id;
}

describe('warden gateway in front of server-everything (Streamable HTTP)', () => {
  it('allows, blocks with -32600 before the upstream, passes progress, records, and ends the session on DELETE', async () => {
    const g = await startGateway(streamable.url, ['--log', 'streamable.jsonl']);
    const { client, transport } = await connect(g.url);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-env', 'get-sum']));

    expect(textOf(await client.callTool({ name: 'echo', arguments: { message: 'through the gateway' } }))).toBe('Echo: through the gateway');

    const before = upstreamPosts(streamable);
    const refused = await rejection(client.callTool({ name: 'get-env', arguments: {} }));
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(/Warden blocked everything\/get-env: environment dumps are not for agents/);
    expect(upstreamPosts(streamable)).toBe(before);

    const progress: number[] = [];
    const long = await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    expect(textOf(long)).toMatch(/Long running operation completed/);
    expect(progress).toEqual([1, 2, 3]);

    const sid = transport.sessionId!;
    await transport.terminateSession();
    await client.close();
    // The session is gone upstream as well: a request naming it is refused.
    const after = await fetch(g.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sid }, body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }) });
    expect(after.status).toBeGreaterThanOrEqual(400);

    const log = await until('the session summary', () => {
      const l = readLog('streamable.jsonl');
      return l.some((r) => r.type === 'proxy_summary') ? l : undefined;
    });
    expect(log.filter((r) => r.type === 'tools/call').map((r) => [r.tool, r.policy])).toEqual([['echo', 'allowed'], ['get-env', 'blocked'], ['trigger-long-running-operation', 'allowed']]);
    expect(log.find((r) => r.type === 'proxy_summary')).toMatchObject({ session: sid, end: 'deleted by the client', total_tool_calls: 3, total_blocked: 1 });
    expect(g.output()).toMatch(/session \S+ ended: deleted by the client/);

    // The client's Authorization header reached no log.
    const audit = box.run(['audit', 'export', '--format', 'ndjson']);
    expect(audit.status).toBe(0);
    expect(audit.stdout).toMatch(/everything\/get-env/);
    for (const text of [audit.stdout, readFileSync(join(box.dir, 'streamable.jsonl'), 'utf8'), g.output()]) expect(text).not.toContain('gw-e2e-0123456789');
  });

  it('a resumed stream (Last-Event-ID) replays an answer: it is scanned and redacted like the first delivery', async () => {
    const g = await startGateway(streamable.url);
    const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJklmnopqr';
    const headers = (sid?: string): Record<string, string> => ({
      'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18', ...(sid ? { 'mcp-session-id': sid } : {}),
    });
    const init = await fetch(g.url, { method: 'POST', headers: headers(), body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'resume-e2e', version: '1' } } }) });
    const sid = init.headers.get('mcp-session-id')!;
    const initEvents = await sseEvents(init, (e) => e.data.includes('"id":1'));
    const initEventId = initEvents.find((e) => e.data.includes('"id":1'))?.id;
    expect(initEventId).toBeTruthy();
    await fetch(g.url, { method: 'POST', headers: headers(sid), body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });

    const first = await fetch(g.url, { method: 'POST', headers: headers(sid), body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: `the token is ${TOKEN}` } } }) });
    const answered = (await sseEvents(first, (e) => e.data.includes('"id":2'))).find((e) => e.data.includes('"id":2'))!;
    expect(answered.data).toMatch(/REDACTED/);
    expect(answered.data).not.toContain(TOKEN);

    // The client resumes after the initialize answer: the upstream replays the echo answer.
    const resumed = await fetch(g.url, { method: 'GET', headers: { ...headers(sid), accept: 'text/event-stream', 'last-event-id': initEventId! } });
    expect(resumed.status).toBe(200);
    const again = (await sseEvents(resumed, (e) => e.data.includes('"id":2'))).find((e) => e.data.includes('"id":2'));
    expect(again?.data).toMatch(/REDACTED/);
    expect(again?.data).not.toContain(TOKEN);
    await fetch(g.url, { method: 'DELETE', headers: headers(sid) });
  });

  it('refuses a body over --max-body-mb with 413 and answers 502 with a JSON-RPC error when the upstream is down', async () => {
    const g = await startGateway(streamable.url, ['--max-body-mb', '1']);
    const big = JSON.stringify({ jsonrpc: '2.0', id: 77, method: 'tools/call', params: { name: 'echo', arguments: { message: 'x'.repeat(2 * 1024 * 1024) } } });
    const r = await fetch(g.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: big });
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600, message: expect.stringMatching(/over the gateway's limit/) as unknown } });

    const dead = await startGateway(`http://127.0.0.1:${await freePort()}/mcp`);
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
    const d = await fetch(dead.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(init) });
    expect(d.status).toBe(502);
    expect(await d.json()).toMatchObject({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: expect.stringMatching(/cannot be reached/) as unknown } });
  });
});

describe('warden gateway warming up', () => {
  it('leaves no trace of its synthetic calls: no audit entry, no stored tool, nothing said, nothing counted', async () => {
    const g = await gateway(box, ['--upstream', streamable.url, '--name', 'warmed', '--policy', 'policy.yaml', '--log', 'warmed-gateway.jsonl']);
    procs.push(g);
    // The warm-up starts once the gateway listens and runs for about half a second of CPU.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const { client, transport } = await connect(g.url);
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('warden_warm_up');
    expect(textOf(await client.callTool({ name: 'echo', arguments: { message: 'after the warm-up' } }))).toBe('Echo: after the warm-up');
    const sid = transport.sessionId!;
    await transport.terminateSession();
    await client.close();

    const log = await until('the session summary', () => {
      const l = readLog('warmed-gateway.jsonl');
      return l.some((r) => r.type === 'proxy_summary') ? l : undefined;
    });
    expect(log.filter((r) => r.type === 'tools/call').map((r) => r.tool)).toEqual(['echo']);
    expect(log.filter((r) => r.type === 'proxy_summary')).toEqual([expect.objectContaining({ session: sid, total_tool_calls: 1, total_blocked: 0 })]);
    await g.stop();
    expect(g.output()).not.toMatch(/warden_warm_up|warm-up/);

    const audit = box.run(['audit', 'list', '--json']);
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stdout).not.toMatch(/warden_warm_up/);
    const entries = JSON.parse(audit.stdout) as { subject: string; outcome: string }[];
    expect(entries.filter((e) => e.subject.startsWith('warmed/')).map((e) => [e.subject, e.outcome])).toEqual([['warmed/echo', 'allowed']]);
    const verified = box.run(['audit', 'verify']);
    expect(verified.status, `${verified.stdout}${verified.stderr}`).toBe(0);
    const tools = box.run(['mcp', 'tools', 'list', '--json']);
    expect(tools.status, tools.stderr).toBe(0);
    expect(tools.stdout).not.toMatch(/warden_warm_up/);
  });
});

describe('warden gateway in front of a legacy HTTP+SSE server', () => {
  it('presents it as Streamable HTTP: allowed and blocked calls, progress, session end', async () => {
    const g = await startGateway(legacy.url);
    const { client, transport } = await connect(g.url);
    expect(transport.sessionId).toBeDefined();
    expect(textOf(await client.callTool({ name: 'echo', arguments: { message: 'legacy' } }))).toBe('Echo: legacy');
    const refused = await rejection(client.callTool({ name: 'get-env', arguments: {} }));
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(/environment dumps are not for agents/);
    const progress: number[] = [];
    await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 2 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([1, 2]);
    await transport.terminateSession();
    await client.close();
    await until('the session end', () => (/ended: deleted by the client/.test(g.output()) ? true : undefined));
  });
});

describe('held calls decided with warden approvals from another process', () => {
  it('approve: the held call goes on to the server and the decision is recorded with who and when', async () => {
    const g = await startGateway(streamable.url, ['--log', 'approvals.jsonl']);
    const { client, transport } = await connect(g.url);
    await handshakeLogged(transport);
    const before = upstreamPosts(streamable);
    const call = client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
    const id = await until('a pending approval', pendingId);
    expect(upstreamPosts(streamable)).toBe(before);
    const ok = box.run(['approvals', 'approve', id, '--reason', 'sums are fine']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`approved ${id}`));
    expect(textOf(await call)).toBe('The sum of 2 and 3 is 5.');
    expect(box.run(['approvals', 'approve', id]).stderr).toMatch(/already approved/);
    await client.close();

    const entries = JSON.parse(box.run(['audit', 'list', '--json', '--type', 'mcp_tool_call']).stdout) as { subject: string; outcome: string; reason: string }[];
    const approved = entries.find((e) => e.subject === 'everything/get-sum' && e.outcome === 'approved');
    expect(approved?.reason).toMatch(new RegExp(`approved by \\S+@\\S+ at \\d{4}-\\d\\d-\\d\\dT.*: sums are fine \\(approval ${id}\\)`));
    expect(entries.some((e) => e.subject === 'everything/get-sum' && e.outcome === 'held')).toBe(true);
    expect(readLog('approvals.jsonl').find((r) => r.type === 'approval')).toMatchObject({ id, status: 'approved', note: 'sums are fine' });
  });

  it('reject: the client gets -32600 with who rejected it and why; the server never sees it', async () => {
    const g = await startGateway(streamable.url);
    const { client, transport } = await connect(g.url);
    await handshakeLogged(transport);
    const before = upstreamPosts(streamable);
    const call = rejection(client.callTool({ name: 'get-sum', arguments: { a: 1, b: 1 } }));
    const id = await until('a pending approval', pendingId);
    expect(box.run(['approvals', 'reject', id, '--reason', 'not today']).status).toBe(0);
    const refused = await call;
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(new RegExp(`rejected by \\S+ at .*: not today \\(approval ${id}\\)`));
    expect(upstreamPosts(streamable)).toBe(before);
    await client.close();
  });

  it('timeout: a call no one decides is rejected when --approval-timeout passes', async () => {
    const g = await startGateway(streamable.url, ['--approval-timeout', '2s']);
    const { client } = await connect(g.url);
    const refused = await rejection(client.callTool({ name: 'get-sum', arguments: { a: 4, b: 4 } }));
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(/no one approved it within 2 s, so it was rejected/);
    const expired = JSON.parse(box.run(['approvals', 'list', '--status', 'expired', '--json']).stdout) as { subject: string; status: string }[];
    expect(expired.some((r) => r.subject === 'everything/get-sum')).toBe(true);
    expect(box.run(['approvals', 'approve', 'h-nosuchid']).stderr).toMatch(/no held call with id h-nosuchid/);
    await client.close();
  });
});
