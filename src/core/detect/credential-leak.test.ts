import { describe, expect, it } from 'vitest';
import type { Event } from '../events.js';
import { leakFindings, secretsInEvent, type LeakSettings } from './credential-leak.js';

const GH = 'ghp_1234567890abcdefghijABCDEFGHIJ123456';
const settings: LeakSettings = { enabled: true, argumentsSeverity: 'high', outputSeverity: 'medium' };
const context = { agent: 'claude-code', host: 'dev-laptop' };

describe('leakFindings', () => {
  it('reports a credential on a command line as WD-LEAK-001 without repeating it', () => {
    const event: Event = { kind: 'command', command: `curl -H "Authorization: token ${GH}" https://api.github.com/user`, context };
    const [f, ...rest] = leakFindings(event, settings);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'WD-LEAK-001', title: 'Credential in tool arguments', severity: 'high', verdict: 'ask' });
    expect(f!.matched).toContain('command line');
    expect(f!.matched).not.toContain(GH);
  });

  it('finds credentials in MCP arguments at any depth, escaped or inside JSON strings, and says where', () => {
    const event: Event = { kind: 'mcp_tool_call', server: 'http', tool: 'post', context, arguments: { request: { body: JSON.stringify({ note: 'x', key: encodeURIComponent(GH) }) } } };
    const f = leakFindings(event, settings)[0];
    expect(f?.matched).toMatch(/^github_token in argument request\.body/);
  });

  it('finds a random value under a secret-looking key even when no format names it', () => {
    const event: Event = { kind: 'mcp_tool_call', server: 'db', tool: 'connect', context, arguments: { host: 'db', password: 'Xk9#mQ2!vL7p' } };
    expect(secretsInEvent(event).hits).toEqual([{ kind: 'assigned_secret', where: 'argument password' }]);
  });

  it('reports credentials in a tool result as WD-LEAK-002 with its own severity', () => {
    const event: Event = { kind: 'tool_result', tool: 'filesystem/read_file', context, content: { content: [{ type: 'text', text: `AWS_ACCESS_KEY_ID=AKIAZ3MSJV5NR7QWXY12\n` }] } };
    expect(leakFindings(event, settings)).toEqual([expect.objectContaining({ rule: 'WD-LEAK-002', severity: 'medium', verdict: 'flag', matched: 'aws_access_key_id in output content.0.text' })]);
  });

  it('finds a token in a URL', () => {
    const event: Event = { kind: 'web_request', url: `https://example.com/cb?access_token=${GH}`, context };
    expect(leakFindings(event, settings)[0]?.rule).toBe('WD-LEAK-001');
  });

  it('lists at most three places and counts the rest', () => {
    const args = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, GH]));
    const f = leakFindings({ kind: 'mcp_tool_call', server: 's', tool: 't', context, arguments: args }, settings)[0];
    expect(f?.matched).toMatch(/\(and 2 more\)$/);
  });

  it('finds nothing in ordinary arguments, and nothing at all when disabled', () => {
    expect(leakFindings({ kind: 'command', command: 'git push origin main', context }, settings)).toEqual([]);
    expect(leakFindings({ kind: 'command', command: `echo ${GH}`, context }, { ...settings, enabled: false })).toEqual([]);
  });
});
