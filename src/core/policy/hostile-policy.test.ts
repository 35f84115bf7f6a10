import { describe, expect, it } from 'vitest';
import { judgeFile } from '../engine/evaluate-file.js';
import { judgeMcp } from '../engine/evaluate-mcp.js';
import { loadPolicyText } from './load-policy.js';

const policy = (body: string) => loadPolicyText(`version: 1\nroles:\n  - name: r\n    mode: enforce\n${body}`, 'p.yaml');

describe('policies written to slip conditions past the loader', () => {
  it('rejects __proto__ as a when variable instead of dropping the condition', () => {
    const r = policy('    commands:\n      - { pattern: "rm *", action: deny, when: { __proto__: x } }\n');
    expect(r.value).toBeNull();
    expect(r.errors[0]?.line).toBe(6);
    expect(r.errors[0]?.message).toContain('reserved');
  });

  it('rejects constructor as a variable name', () => {
    const r = loadPolicyText('version: 1\nvariables:\n  constructor: [{ value: a, patterns: ["x"] }]\nroles: [{ name: r }]\n', 'p.yaml');
    expect(r.value).toBeNull();
  });
});

describe('MCP argument conditions', () => {
  it('accept /…/i for case-insensitive matching', () => {
    const r = policy('    mcp:\n      - { tool: "db/query", action: deny, args: { sql: "/drop\\\\s+table/i" } }\n');
    expect(r.errors).toEqual([]);
    const role = r.value!.roles.get('r')!;
    expect(judgeMcp(role, 'db', 'query', { sql: 'DROP  TABLE users' }, {}).verdict).toBe('block');
    expect(judgeMcp(role, 'db', 'query', { sql: 'select 1' }, {}).verdict).toBe('allow');
  });
});

describe('file rules on a host whose home directory is unknown', () => {
  it('still deny ~/.ssh paths under any directory rather than failing open', () => {
    const r = policy('    files:\n      - { path: "~/.ssh/**", access: read, action: deny }\n');
    const role = r.value!.roles.get('r')!;
    expect(judgeFile(role, '/home/someone/.ssh/id_rsa', 'read', {}, {}).verdict).toBe('block');
    expect(judgeFile(role, '/home/someone/project/README.md', 'read', {}, {}).verdict).toBe('allow');
  });
});
