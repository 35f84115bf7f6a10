// No crash, no bypass: whatever the encoding, a tools/call of a blocked tool never reaches the
// server, and whatever the server is sent means the same to every JSON parser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policyText, testSession } from '../../../test/fixtures/mcp/test-session.js';
import { classify } from './json-rpc.js';
import { scanJson } from './json-scan.js';

/** A small seeded random source, so a failing case replays from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const space = (r: () => number): string => [' ', '', '\t', '', '\r', ''][Math.floor(r() * 6)]!;

/** A JSON string literal with characters escaped at random (\u005f, \/, …). */
function str(s: string, r: () => number): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\' || code < 0x20) out += JSON.stringify(ch).slice(1, -1);
    else if (r() < 0.3) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (ch === '/' && r() < 0.5) out += '\\/';
    else out += ch;
  }
  return `${out}"`;
}

/** JSON text for a value, with random escapes and whitespace, and decoy duplicate keys before the real ones. */
function encode(v: unknown, r: () => number, decoys: readonly unknown[]): string {
  if (typeof v === 'string') return str(v, r);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => space(r) + encode(x, r, decoys) + space(r)).join(',')}]`;
  const members: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (r() < 0.25) members.push(`${str(k, r)}:${encode(decoys[Math.floor(r() * decoys.length)], r, decoys)}`);
    members.push(`${space(r)}${str(k, r)}${space(r)}:${space(r)}${encode(x, r, decoys)}`);
  }
  return `{${members.join(',')}}`;
}

const DECOYS = ['read_file', 'ping', 'tools/list', { name: 'read_file' }, 1, null];
const BLOCKED = new Set(['write_file', 'move_file']);

function blockedCallsIn(line: string): unknown[] {
  const value = JSON.parse(line) as unknown;
  const items = Array.isArray(value) ? value : [value];
  return items.filter((m) => {
    const c = classify(m);
    return (c.kind === 'request' || c.kind === 'notification') && c.method === 'tools/call'
      && typeof c.params === 'object' && c.params !== null && BLOCKED.has((c.params as { name?: unknown }).name as string);
  });
}

const nestedArgs = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 })),
})).value;

describe('no bypass', () => {
  it('a blocked tool never reaches the server, however the call is written (enforce)', async () => {
    const s = await testSession(policyText('enforce'));
    let n = 0;
    await fc.assert(fc.asyncProperty(
      fc.integer(), fc.constantFrom('write_file', 'move_file', 'read_file'), nestedArgs, fc.boolean(), fc.nat({ max: 3 }),
      async (seed, tool, args, batch, others) => {
        const r = prng(seed);
        const before = s.sent.length;
        const id = ++n;
        const message = { jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: { path: 'a.txt', extra: args } } };
        const filler = Array.from({ length: others }, (_, i) => ({ jsonrpc: '2.0', id: `p${id}-${i}`, method: 'ping' }));
        const text = batch ? encode([...filler, message], r, DECOYS) : encode(message, r, DECOYS);
        await s.session.fromClient(Buffer.from(`${text}\n`));
        const sent = s.sent.slice(before);
        for (const out of sent.filter((x) => x.to === 'server')) {
          expect(scanJson(out.text).duplicateKeys, out.text).toBe(false);
          expect(blockedCallsIn(out.text), text).toEqual([]);
        }
        const replies = sent.filter((x) => x.to === 'client').flatMap((x) => [JSON.parse(x.text) as unknown].flat());
        const answered = replies.some((m) => (m as { id?: unknown; error?: { code?: number } }).id === id && (m as { error?: { code?: number } }).error?.code === -32600);
        expect(answered, text).toBe(BLOCKED.has(tool));
      },
    ), { numRuns: 300 });
  });

  it('a tools/call hidden under duplicate keys is judged as the last key says, and forwarded that way', async () => {
    const s = await testSession(policyText('enforce'));
    await s.client('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"write_file","arguments":{}},"params":{"name":"read_file","arguments":{"path":"a"}}}');
    expect(s.sent).toHaveLength(1);
    expect(JSON.parse(s.sent[0]!.text)).toEqual({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'read_file', arguments: { path: 'a' } } });
    expect(scanJson(s.sent[0]!.text).duplicateKeys).toBe(false);
  });

  it('oversized nested arguments are judged like any other', async () => {
    const s = await testSession(policyText('enforce'));
    let deep: unknown = '/etc/shadow';
    for (let i = 0; i < 200; i++) deep = { path: deep };
    await s.client({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'write_file', arguments: { blob: 'x'.repeat(5_000_000), deep } } });
    expect(s.to('server')).toEqual([]);
    expect(s.to('client')[0]).toMatchObject({ id: 1, error: { code: -32600 } });
  });
});

describe('no leak', () => {
  it('a credential in a tool result never reaches the client in clear, however the result is written', async () => {
    const token = 'ghp_0123456789abcdefghijABCDEFGHIJklmnopqr';
    const s = await testSession(policyText('enforce'));
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.integer(), fc.constantFrom('text', 'nested', 'json-in-string'), async (seed, shape) => {
      const r = prng(seed);
      const id = ++n;
      await s.client({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'read_file', arguments: { path: 'notes.txt' } } });
      const text = `deploy with ${token} today`;
      const content = shape === 'text' ? [{ type: 'text', text }] : shape === 'nested' ? [{ type: 'resource', resource: { uri: 'file:///x', text } }] : [{ type: 'text', text: JSON.stringify({ env: { TOKEN: token } }) }];
      const before = s.sent.length;
      await s.session.fromServer(Buffer.from(`${encode({ jsonrpc: '2.0', id, result: { content } }, r, ['decoy', 1])}\n`));
      // Once the agent's risk is high enough the call itself is refused, and the server's answer
      // to it is dropped: either way the token must not come through.
      const out = s.sent.slice(before).filter((x) => x.to === 'client').map((x) => x.text).join('');
      expect(out).not.toContain(token);
      if (out !== '') expect(JSON.stringify(JSON.parse(out))).not.toContain(token);
    }), { numRuns: 150 });
  });
});

describe('no crash', () => {
  it('any bytes from either side: the session answers or forwards, never throws; enforce forwards only JSON', async () => {
    const s = await testSession(policyText('enforce'));
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'))), fc.boolean(),
      async (text, fromClient) => {
        const line = Buffer.from(`${text.replaceAll('\n', ' ')}\n`);
        const before = s.sent.length;
        await (fromClient ? s.session.fromClient(line) : s.session.fromServer(line));
        for (const out of s.sent.slice(before)) expect(() => JSON.parse(out.text) as unknown).not.toThrow();
      },
    ), { numRuns: 500 });
  });
});
