import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { WardenError } from '../errors.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { loadPolicyText } from './load-policy.js';
import { runPolicyTests } from './run-policy-tests.js';

const POLICY = `
version: 1
default_role: dev
variables:
  env:
    - { value: production, patterns: ["^prod-"] }
roles:
  - name: dev
    mode: enforce
    commands:
      - { id: no-force-push, pattern: "git push --force*", action: deny }
      - { id: no-apply-prod, pattern: "terraform apply*", action: deny, when: { env: production } }
      - { pattern: "git *", action: allow }
    mcp:
      - { id: no-etc, tool: "filesystem/write_file", args: { path: "^/etc/" }, action: deny }
      - { tool: "filesystem/*", action: allow }
    files:
      - { id: no-ssh, path: "~/.ssh/**", action: deny }
    web:
      - { id: no-paste, domain: "pastebin.com", action: deny }
    defaults: { command: ask, mcp: ask, file: allow, web: allow }
  - name: ci
    mode: monitor
    defaults: { command: deny }
`;

async function run(tests: string, options: { role?: string } = {}) {
  const loaded = loadPolicyText(`${POLICY}tests:\n${tests}`, 'p.yaml');
  expect(loaded.errors).toEqual([]);
  return runPolicyTests(new Engine(loaded.value!, await loadBashParser()), options);
}

describe('runPolicyTests', () => {
  it('passes cases of every kind whose verdict is as expected', async () => {
    const report = await run(`
  - { command: "git push -f origin main", expect: block }
  - { command: "git status", expect: allow }
  - { command: "make", expect: ask }
  - { mcp: filesystem/write_file, args: { path: /etc/hosts }, expect: block }
  - { mcp: filesystem/write_file, args: { path: /tmp/x }, expect: allow }
  - { file: ~/.ssh/id_rsa, expect: block }
  - { file: ~/notes.txt, access: write, expect: allow }
  - { url: "https://pastebin.com/raw/1", expect: block }
`);
    expect(report.results.map((r) => [r.subject, r.actual])).toEqual([
      ['command: git push -f origin main', 'block'],
      ['command: git status', 'allow'],
      ['command: make', 'ask'],
      ['mcp: filesystem/write_file {"path":"/etc/hosts"}', 'block'],
      ['mcp: filesystem/write_file {"path":"/tmp/x"}', 'allow'],
      ['file: read ~/.ssh/id_rsa', 'block'],
      ['file: write ~/notes.txt', 'allow'],
      ['url: https://pastebin.com/raw/1', 'block'],
    ]);
    expect(report).toMatchObject({ passed: 8, failed: 0 });
  });

  it('accepts deny as the expectation for a block', async () => {
    const report = await run('  - { command: "git push --force", expect: deny }\n');
    expect(report.results[0]).toMatchObject({ expected: 'block', actual: 'block', passed: true, rule: 'no-force-push' });
  });

  it('fails a case with the actual verdict, the deciding rule and the reason', async () => {
    const report = await run('  - { name: status is blocked, command: "git status", expect: block }\n');
    expect(report).toMatchObject({ passed: 0, failed: 1 });
    expect(report.results[0]).toMatchObject({ index: 0, name: 'status is blocked', expected: 'block', actual: 'allow', passed: false, rule: 'dev:commands[2]' });
    expect(report.results[0]?.reason).toMatch(/allowed by rule dev:commands\[2\]/);
  });

  it('resolves variables from the host of a case', async () => {
    const report = await run(`
  - { command: "terraform apply", host: prod-db-1, expect: block }
  - { command: "terraform apply", host: dev-1, expect: ask }
`);
    expect(report.results.map((r) => r.rule)).toEqual(['no-apply-prod', null]);
    expect(report.failed).toBe(0);
  });

  it('judges with the role a case names, and the verdict regardless of monitor mode', async () => {
    const report = await run('  - { command: "git status", role: ci, expect: block }\n');
    expect(report.results[0]).toMatchObject({ role: 'ci', actual: 'block', passed: true });
  });

  it('runs only the cases of one role when asked', async () => {
    const tests = '  - { command: "git status", expect: allow }\n  - { command: "ls", role: ci, expect: block }\n';
    expect((await run(tests, { role: 'ci' })).results.map((r) => r.index)).toEqual([1]);
    expect((await run(tests, { role: 'dev' })).results.map((r) => r.index)).toEqual([0]);
    await expect(run(tests, { role: 'ops' })).rejects.toThrow(WardenError);
  });

  it('gives the same answer for ~ and relative paths on every machine', async () => {
    const report = await run(`
  - { file: /home/dev/.ssh/config, expect: block }
  - { file: ../.ssh/known_hosts, expect: block }
`);
    expect(report.failed).toBe(0);
  });
});
