import { describe, expect, it } from 'vitest';
import { loadPolicyText } from '../policy/load-policy.js';
import type { Role } from '../policy/policy.js';
import { judgeMcp } from './evaluate-mcp.js';

function roleOf(yaml: string): Role {
  const { value, errors } = loadPolicyText(`version: 1\nroles:\n  - name: r\n    mode: enforce\n${yaml}`, 'test.yaml');
  expect(errors).toEqual([]);
  return value!.roles.get('r')!;
}

const judge = (role: Role, spec: string, args: unknown = {}, vars: Record<string, string> = {}) => {
  const [server, tool] = spec.split('/') as [string, string];
  return judgeMcp(role, server, tool, args, vars);
};

describe('MCP rules: server/tool globs', () => {
  const role = roleOf(`
    mcp:
      - { id: no-write, tool: "filesystem/write_file", action: deny }
      - { id: fs, tool: "filesystem/*", action: allow }
      - { id: any-exec, tool: "*/exec*", action: ask }
    defaults: { mcp: deny }
`);

  it('the first matching rule wins, so a specific deny above a wildcard allow holds', () => {
    expect(judge(role, 'filesystem/write_file')).toMatchObject({ verdict: 'block', rule: 'no-write' });
    expect(judge(role, 'filesystem/read_file')).toMatchObject({ verdict: 'allow', rule: 'fs' });
  });

  it('globs cover the server part too', () => {
    expect(judge(role, 'shell/exec_command')).toMatchObject({ verdict: 'ask', rule: 'any-exec' });
    expect(judge(role, 'docker/exec')).toMatchObject({ verdict: 'ask', rule: 'any-exec' });
  });

  it('a tool no rule names gets the role default', () => {
    const j = judge(role, 'github/create_issue');
    expect(j).toMatchObject({ verdict: 'block', rule: null });
    expect(j.reason).toContain('default of role r');
  });

  it('a glob does not match a different server with a similar name', () => {
    expect(judge(role, 'filesystem2/write_file')).toMatchObject({ verdict: 'block', rule: null });
  });

  it('the rule reason, when given, is what the agent is told', () => {
    const r = roleOf(`
    mcp:
      - { tool: "db/drop_table", action: deny, reason: "Dropping tables needs a DBA" }
`);
    expect(judge(r, 'db/drop_table').reason).toBe('Dropping tables needs a DBA');
  });
});

describe('MCP rules: argument conditions', () => {
  const role = roleOf(`
    mcp:
      - { id: etc, tool: "filesystem/*", action: deny, args: { path: "^/etc/" } }
      - { id: traversal, tool: "*/*", action: deny, args: { "*": "\\\\.\\\\./" } }
      - { id: sql, tool: "db/query", action: ask, args: { sql: "^\\\\s*[Dd][Rr][Oo][Pp]\\\\b", database: "^prod" } }
      - { id: fs-ok, tool: "filesystem/*", action: allow }
    defaults: { mcp: allow }
`);

  it('matches a top-level argument', () => {
    expect(judge(role, 'filesystem/write_file', { path: '/etc/passwd', content: 'x' })).toMatchObject({ verdict: 'block', rule: 'etc' });
  });

  it('falls through to the next rule when the arguments do not match', () => {
    expect(judge(role, 'filesystem/write_file', { path: '/home/u/notes.txt' })).toMatchObject({ verdict: 'allow', rule: 'fs-ok' });
  });

  it('finds the argument at any depth in nested objects', () => {
    const args = { options: { target: { path: '/etc/shadow' } } };
    expect(judge(role, 'filesystem/write_file', args)).toMatchObject({ rule: 'etc' });
  });

  it('finds the argument inside arrays, whatever its position', () => {
    const args = { files: [{ path: '/tmp/a' }, { path: '/etc/hosts' }] };
    expect(judge(role, 'filesystem/read_multiple', args)).toMatchObject({ rule: 'etc' });
    expect(judge(role, 'filesystem/read_multiple', { path: ['/tmp/a', '/etc/hosts'] })).toMatchObject({ rule: 'etc' });
  });

  it('finds the argument inside JSON carried in a string', () => {
    const args = { request: JSON.stringify({ op: 'write', path: '/etc/sudoers' }) };
    expect(judge(role, 'filesystem/batch', args)).toMatchObject({ rule: 'etc' });
    const twice = { request: JSON.stringify({ inner: JSON.stringify({ path: '/etc/sudoers' }) }) };
    expect(judge(role, 'filesystem/batch', twice)).toMatchObject({ rule: 'etc' });
  });

  it('sees through \\u005f-escaped keys in the JSON the client sent', () => {
    const raw = '{"p\\u0061th": "/etc/passwd"}';
    expect(judge(role, 'filesystem/write_file', JSON.parse(raw))).toMatchObject({ rule: 'etc' });
    const nested = { payload: '{"opt\\u005fs": {"p\\u0061th": "/etc/passwd"}}' };
    expect(judge(role, 'filesystem/write_file', nested)).toMatchObject({ rule: 'etc' });
  });

  it('sees through URL-escaped values, singly and doubly encoded', () => {
    expect(judge(role, 'filesystem/write_file', { path: '%2Fetc%2Fpasswd' })).toMatchObject({ rule: 'etc' });
    expect(judge(role, 'web/fetch', { url: 'http://x/%2E%2E%2F%2E%2E%2Fsecret' })).toMatchObject({ rule: 'traversal' });
    expect(judge(role, 'web/fetch', { url: 'http://x/%252e%252e%252fsecret' })).toMatchObject({ rule: 'traversal' });
  });

  it('a malformed escape elsewhere in the value does not hide the valid ones', () => {
    expect(judge(role, 'web/fetch', { url: 'http://x/%2e%2e%2fsecret%' })).toMatchObject({ rule: 'traversal' });
    expect(judge(role, 'web/fetch', { url: 'http://x/%E0%A4%2e%2e/secret' })).toMatchObject({ rule: 'traversal' });
  });

  it('"*" as the argument name matches any key', () => {
    expect(judge(role, 'git/diff', { a: { b: ['x', '../../etc/passwd'] } })).toMatchObject({ rule: 'traversal' });
  });

  it('needs every condition of a rule to hold', () => {
    expect(judge(role, 'db/query', { sql: 'DROP TABLE users', database: 'prod_main' })).toMatchObject({ verdict: 'ask', rule: 'sql' });
    expect(judge(role, 'db/query', { sql: 'DROP TABLE users', database: 'staging' })).toMatchObject({ verdict: 'allow', rule: null });
    expect(judge(role, 'db/query', { sql: 'select 1', database: 'prod_main' })).toMatchObject({ verdict: 'allow', rule: null });
  });

  it('matches numbers and booleans by their text', () => {
    const r = roleOf(`
    mcp:
      - { tool: "k8s/scale", action: ask, args: { replicas: "^0$" } }
      - { tool: "git/push", action: deny, args: { force: "^true$" } }
`);
    expect(judge(r, 'k8s/scale', { replicas: 0 })).toMatchObject({ verdict: 'ask' });
    expect(judge(r, 'k8s/scale', { replicas: 3 })).toMatchObject({ verdict: 'allow' });
    expect(judge(r, 'git/push', { force: true })).toMatchObject({ verdict: 'block' });
    expect(judge(r, 'git/push', { force: false })).toMatchObject({ verdict: 'allow' });
  });

  it('arguments too deeply nested to check fully take on_unresolved rather than slipping past a deny rule', () => {
    let deep: unknown = { path: '/etc/passwd' };
    for (let i = 0; i < 200; i++) deep = { next: deep };
    const j = judge(role, 'filesystem/write_file', deep);
    expect(j.verdict).toBe('ask');
    expect(j.rule).toBe('etc');
    expect(j.reason).toMatch(/nested too deep or too many/);
  });

  it('missing or odd arguments are judged, not thrown on', () => {
    expect(judge(role, 'filesystem/write_file', undefined)).toMatchObject({ verdict: 'allow', rule: 'fs-ok' });
    expect(judge(role, 'filesystem/write_file', null)).toMatchObject({ verdict: 'allow', rule: 'fs-ok' });
    expect(judge(role, 'filesystem/write_file', '/etc/passwd')).toMatchObject({ verdict: 'allow', rule: 'fs-ok' });
  });
});

describe('MCP rules: variables', () => {
  const policy = `version: 1
variables:
  env:
    - { value: production, patterns: ["^prod-"] }
roles:
  - name: r
    mcp:
      - { tool: "db-{{env}}/*", action: deny }
      - { tool: "db/*", action: ask, when: { env: production } }
`;
  const role = loadPolicyText(policy, 't.yaml').value!.roles.get('r')!;

  it('a rule naming {{env}} applies only where the variable resolves', () => {
    expect(judgeMcp(role, 'db-production', 'query', {}, { env: 'production' })).toMatchObject({ verdict: 'block' });
    expect(judgeMcp(role, 'db-production', 'query', {}, {})).toMatchObject({ verdict: 'allow', rule: null });
  });

  it('a rule with when applies only on matching hosts', () => {
    expect(judgeMcp(role, 'db', 'query', {}, { env: 'production' })).toMatchObject({ verdict: 'ask' });
    expect(judgeMcp(role, 'db', 'query', {}, { env: 'dev' })).toMatchObject({ verdict: 'allow' });
  });
});
