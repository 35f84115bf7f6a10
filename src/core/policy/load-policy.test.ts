import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicyText } from './load-policy.js';
import { STARTER_POLICY } from './starter-policy.js';

const load = (text: string) => loadPolicyText(text, 'policy.yaml');

/** The single error a malformed policy produces, without its file name. */
function onlyError(text: string) {
  const result = load(text);
  expect(result.value).toBeNull();
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors;
  expect(error?.file).toBe('policy.yaml');
  return error!;
}

const role = (body: string): string => `version: 1\nroles:\n  - name: dev\n${body}`;

describe('loadPolicyText', () => {
  it('loads a valid policy with defaults filled in', () => {
    const result = load(role('    commands:\n      - { pattern: "git push --force*", action: deny }\n'));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const dev = result.value?.roles.get('dev');
    expect(result.value?.defaultRole).toBe('dev');
    expect(dev?.mode).toBe('monitor');
    expect(dev?.commands[0]).toMatchObject({ id: 'dev:commands[0]', action: 'deny', severity: 'high', pattern: 'git push --force*' });
  });

  it('reports a YAML syntax error where it is', () => {
    const error = onlyError('version: 1\nroles:\n  - name: "dev\n');
    expect(error).toMatchObject({ line: 4, col: 1 });
    expect(error.message).toMatch(/quote/i);
  });

  it('points an unknown field at its key, not its value', () => {
    expect(onlyError(role('    comands: []\n'))).toMatchObject({ line: 4, col: 5, path: 'roles[0].comands', message: 'unknown field "comands"' });
    expect(onlyError('version: 1\nrole: dev\nroles:\n  - name: dev\n')).toMatchObject({ line: 2, col: 1, path: 'role' });
  });

  it('reports a value of the wrong type at the value', () => {
    const error = onlyError(role('    commands: "git *"\n'));
    expect(error).toMatchObject({ line: 4, col: 15, path: 'roles[0].commands' });
    expect(error.message).toMatch(/expected array/);
  });

  it('rejects an action that does not exist, naming the ones that do', () => {
    const error = onlyError(role('    commands:\n      - { pattern: "git *", action: block }\n'));
    expect(error).toMatchObject({ line: 5, col: 37, path: 'roles[0].commands[0].action' });
    expect(error.message).toMatch(/"allow"\|"deny"\|"ask"/);
  });

  it('rejects an unknown variable in a pattern', () => {
    const error = onlyError(role('    commands:\n      - { pattern: "kubectl --context {{cluster}} *", action: deny }\n'));
    expect(error).toMatchObject({ line: 5, col: 20, path: 'roles[0].commands[0].pattern' });
    expect(error.message).toMatch(/unknown variable \{\{cluster\}\}/);
  });

  it('rejects an unknown variable in when', () => {
    const error = onlyError(role('    commands:\n      - pattern: "terraform apply*"\n        action: deny\n        when: { region: eu }\n'));
    expect(error).toMatchObject({ line: 7, col: 17, path: 'roles[0].commands[0].when.region' });
    expect(error.message).toMatch(/unknown variable "region" in when/);
  });

  it('rejects a duplicate role name at the second one', () => {
    const error = onlyError('version: 1\nroles:\n  - name: dev\n  - name: dev\n');
    expect(error).toMatchObject({ line: 4, col: 11, path: 'roles[1].name' });
    expect(error.message).toMatch(/duplicate role name "dev"/);
  });

  it('rejects a default_role that is not a role', () => {
    const error = onlyError('version: 1\ndefault_role: ops\nroles:\n  - name: dev\n');
    expect(error).toMatchObject({ line: 2, col: 15, path: 'default_role' });
    expect(error.message).toMatch(/"ops" is not one of the roles \(dev\)/);
  });

  it('rejects a variable pattern that could backtrack exponentially', () => {
    const text = 'version: 1\nvariables:\n  env:\n    - value: production\n      patterns: ["^prod-", "(a+)+$"]\nroles:\n  - name: dev\n';
    const error = onlyError(text);
    expect(error).toMatchObject({ line: 5, col: 28, path: 'variables.env[0].patterns[1]' });
    expect(error.message).toMatch(/nests quantifiers/);
  });

  it('rejects an MCP tool without a server', () => {
    const error = onlyError(role('    mcp:\n      - { tool: write_file, action: ask }\n'));
    expect(error).toMatchObject({ line: 5, col: 17, path: 'roles[0].mcp[0].tool' });
    expect(error.message).toMatch(/server\/tool .*"\*\/write_file"/);
  });

  it('rejects an unterminated quote in a pattern', () => {
    const error = onlyError(role(`    commands:\n      - pattern: "git commit -m 'wip *"\n        action: deny\n`));
    expect(error).toMatchObject({ line: 5, col: 18, path: 'roles[0].commands[0].pattern' });
    expect(error.message).toMatch(/unterminated ' quote/);
  });

  it('rejects an empty file, and one holding only comments', () => {
    expect(onlyError('')).toMatchObject({ line: 1, col: 1, message: 'the policy file is empty' });
    expect(onlyError('# nothing yet\n\n')).toMatchObject({ line: 1, col: 1, message: 'the policy file is empty' });
  });

  it('reports every schema problem at once', () => {
    const result = load(role('    mode: enforcing\n    commands:\n      - { pattern: "git *", action: permit }\n'));
    expect(result.errors.map((e) => e.path).sort()).toEqual(['roles[0].commands[0].action', 'roles[0].mode']);
  });

  it('explains a bad test case by the kind of case it is', () => {
    const badExpect = onlyError(`${role('')}tests:\n  - { command: ls, expect: maybe }\n`);
    expect(badExpect).toMatchObject({ line: 5, col: 28, path: 'tests[0].expect' });
    expect(onlyError(`${role('')}tests:\n  - { cmd: ls, expect: allow }\n`)).toMatchObject({ line: 5, col: 5, path: 'tests[0]' });
    expect(onlyError(`${role('')}tests:\n  - { mcp: write_file, expect: allow }\n`).message).toMatch(/server\/tool/);
    expect(onlyError(`${role('')}tests:\n  - { command: ls, role: ops, expect: allow }\n`).message).toMatch(/unknown role "ops"/);
  });

  it('warns about a rule that can never match', () => {
    const result = load(role('    commands:\n      - { pattern: "git *", action: allow }\n      - { pattern: "git push --force*", action: deny }\n'));
    expect(result.errors).toEqual([]);
    expect(result.value).not.toBeNull();
    expect(result.warnings).toMatchObject([{ line: 6, col: 20, path: 'roles[0].commands[1].pattern' }]);
  });

  it('never returns half a policy: any error means no value, and it never throws', () => {
    const lines = STARTER_POLICY.split('\n');
    const junk = fc.constantFrom('  - {', ': x', '    commands: 3', '  - name: developer', 'version: 2', '"', '{{nope}}', '      - { pattern: "a\'", action: deny }', '\t', '&a [*a]');
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(lines.length - 1) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(lines.length - 1), text: junk }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(STARTER_POLICY.length) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = STARTER_POLICY;
        for (const m of mutations) {
          const current = text.split('\n');
          if (m.kind === 'delete') current.splice(m.at % current.length, 1);
          if (m.kind === 'insert') current.splice(m.at % current.length, 0, m.text);
          text = m.kind === 'cut' ? text.slice(0, m.at) : current.join('\n');
        }
        const result = load(text);
        expect(result.value === null).toBe(result.errors.length > 0);
        for (const e of result.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.col).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
