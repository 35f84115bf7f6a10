// The gateway in process, between fetch and a recording Streamable HTTP upstream, judging with the
// real engine: however a denied call is spelled or packed, it never reaches the upstream and its
// caller gets -32600; whatever the body, the gateway answers and keeps serving.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeDetectors } from '../../../core/detect/runtime-detectors.js';
import { Engine } from '../../../core/engine/engine.js';
import { loadPolicyText } from '../../../core/policy/load-policy.js';
import { loadRuleFiles, loadSequenceFiles } from '../../../core/rules/load-rule-files.js';
import { RulePack } from '../../../core/rules/rule-pack.js';
import { loadBashParser } from '../../../core/shell/load-grammar.js';
import { engineJudge } from '../engine-judge.js';
import { classify } from '../json-rpc.js';
import { McpSession } from '../session.js';
import { GatewayServer } from './gateway-server.js';
import { StreamableUpstream } from './streamable-upstream.js';

const POLICY = `version: 1
roles:
  - name: dev
    mode: enforce
    mcp:
      - { id: no-writes, tool: "fs/write_file", action: deny, reason: "no writes here" }
      - { tool: "fs/*", action: allow }
`;

/** Every message the upstream received, decoded. */
const received: unknown[] = [];
let upstream: Server;
let gateway: GatewayServer;
let url: string;

beforeAll(async () => {
  const loaded = loadPolicyText(POLICY, 'test.yaml');
  const engine = new Engine(loaded.value!, await loadBashParser(), new RulePack(loadRuleFiles().value!), new RuntimeDetectors(loaded.value!.detectors, loadSequenceFiles().value!));
  const judge = engineJudge(engine);
  // A Streamable HTTP server that answers every request with JSON and names a session at initialize.
  upstream = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(parts).toString());
      } catch {
        res.writeHead(400).end();
        return;
      }
      const messages = Array.isArray(body) ? (body as unknown[]) : [body];
      received.push(...messages);
      const answers = messages.flatMap((m) => {
        const c = classify(m);
        return c.kind === 'request' ? [{ jsonrpc: '2.0', id: c.id, result: { content: [{ type: 'text', text: 'ok' }] } }] : [];
      });
      if (answers.length === 0) res.writeHead(202).end();
      else res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'up-1' }).end(JSON.stringify(Array.isArray(body) ? answers : answers[0]));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const up = new URL(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`);
  gateway = await GatewayServer.start({
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 1024 * 1024,
    keepAliveMs: 0,
    warn: () => undefined,
    upstream: (ctx) => new StreamableUpstream(up, ctx),
    session: (send) => new McpSession({ server: 'fs', judge, recorder: { record: () => Promise.resolve() } }, send),
  });
  url = `http://127.0.0.1:${gateway.address.port}/mcp`;
});

afterAll(async () => {
  await gateway.close();
  await new Promise((r) => upstream.close(r));
});

const post = (body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body });

/** Any character of a JSON string written as itself or as a \\u escape. */
const spell = (text: string, escapes: readonly boolean[]): string =>
  [...text].map((ch, i) => (escapes[i % Math.max(1, escapes.length)] ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('');

const writesReached = (): unknown[] => received.filter((m) => {
  const c = classify(m);
  return c.kind !== 'response' && c.kind !== 'other' && c.method === 'tools/call' && (c.params as { name?: unknown } | undefined)?.name === 'write_file';
});

describe('the gateway with hostile bodies', () => {
  it('never lets a denied call through, however it is spelled or packed (fuzz)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
      fc.oneof(fc.integer(), fc.string({ maxLength: 8 })),
      fc.constantFrom('', ' ', '\n', '\t', '\r\n'),
      fc.integer({ min: 0, max: 3 }),
      fc.boolean(),
      async (escapes, id, ws, others, batch) => {
        const name = spell('write_file', escapes);
        const method = spell('tools/call', [...escapes].reverse());
        const call = `{${ws}"jsonrpc":"2.0",${ws}"id":${JSON.stringify(id)},"method":${ws}"${method}","params":{"arguments":{"path":"/tmp/x","content":{"deep":[1,{"x":"y"}]}},"name":"${name}"}}`;
        const rest = Array.from({ length: others }, (_, i) => `{"jsonrpc":"2.0","id":"other-${i}","method":"tools/call","params":{"name":"read_file","arguments":{"path":"a"}}}`);
        const body = batch ? `[${[...rest, call].join(',')}]` : call;
        const res = await post(body);
        expect(res.status).toBe(200);
        const answer = (await res.json());
        const list = (Array.isArray(answer) ? answer : [answer]) as { id: unknown; error?: { code: number; message: string } }[];
        expect(list.find((m) => m.id === id)?.error).toMatchObject({ code: -32600, message: expect.stringMatching(/Warden blocked fs\/write_file: no writes here/) as unknown });
        if (batch) for (let i = 0; i < others; i++) expect(list.find((m) => m.id === `other-${i}`)).toMatchObject({ result: { content: [{ text: 'ok' }] } });
        expect(writesReached()).toEqual([]);
      },
    ), { numRuns: 150 });
  });

  it('answers anything with an HTTP status and a body it can explain, and keeps serving (fuzz)', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.constantFrom('[]', '[[]]', '{"id":1}', '{"method":"tools/call"}', '{"method":"tools/call","id":1,"params":{"name":7}}', '[{"method":"tools/call","id":2,"params":{}}]', 'null', '"\\ud800"'),
    );
    await fc.assert(fc.asyncProperty(body, fc.boolean(), async (b, withSession) => {
      const res = await post(b, withSession ? { 'mcp-session-id': 'up-1' } : {});
      expect([200, 202, 400, 413]).toContain(res.status);
      await res.arrayBuffer();
      expect(writesReached()).toEqual([]);
    }), { numRuns: 200 });
    const ok = await post('{"jsonrpc":"2.0","id":"alive","method":"tools/call","params":{"name":"read_file","arguments":{}}}');
    expect(await ok.json()).toMatchObject({ id: 'alive', result: { content: [{ text: 'ok' }] } });
  });

  it('refuses browser requests from another origin and methods MCP does not use', async () => {
    const r = await post('{"jsonrpc":"2.0","id":1,"method":"ping"}', { origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ error: { message: expect.stringMatching(/web origin/) as unknown } });
    const put = await fetch(url, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
  });
});
