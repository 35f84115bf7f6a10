// The policy workflow through the built CLI: init, lint, test, check; and how broken files are reported.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from './run-cli.js';

let box: Sandbox;
beforeAll(() => { box = sandbox(); });
afterAll(() => { if (box) box.remove(); }); // box is unset when beforeAll failed

const write = (name: string, text: string): string => {
  writeFileSync(join(box.dir, name), text);
  return name;
};

describe('warden init → policy lint → policy test → check', () => {
  it('init writes the starter policy and says what to do next', () => {
    const r = box.run(['init']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote warden\.yaml/);
    expect(r.stdout).toMatch(/warden policy lint warden\.yaml/);
    expect(r.stdout).toMatch(/warden policy test warden\.yaml/);
    expect(readFileSync(join(box.dir, 'warden.yaml'), 'utf8')).toMatch(/^version: 1$/m);
  });

  it('init refuses to overwrite an existing file unless forced', () => {
    write('warden.yaml', readFileSync(join(box.dir, 'warden.yaml'), 'utf8') + '# my edit\n');
    const refused = box.run(['init']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/warden\.yaml already exists.*--force/);
    expect(readFileSync(join(box.dir, 'warden.yaml'), 'utf8')).toMatch(/# my edit\n$/);

    const forced = box.run(['init', '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(box.dir, 'warden.yaml'), 'utf8')).not.toMatch(/# my edit/);
  });

  it('init writes to another file when given one', () => {
    expect(box.run(['init', 'other.yaml']).status).toBe(0);
    expect(existsSync(join(box.dir, 'other.yaml'))).toBe(true);
  });

  it('lint finds nothing wrong with the starter policy', () => {
    const r = box.run(['policy', 'lint', '--strict', 'warden.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^warden\.yaml: ok \(1 role, \d+ rules, \d+ tests\)\n$/);
  });

  it('the starter policy passes its own tests', () => {
    const r = box.run(['policy', 'test', 'warden.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/FAIL/);
    expect(r.stdout).toMatch(/PASS command: git push origin \+main → block/);
    expect(r.stdout).toMatch(/\n(\d+) passed, 0 failed\n$/);
  });

  it('check blocks a force push with the starter policy found in the working directory', () => {
    const r = box.run(['check', '--', 'cd app && git push origin main --force']);
    expect(r.stdout).toMatch(/^BLOCK/);
    expect(r.stdout).toMatch(/no-force-push/);
    expect(r.status).toBe(2);
  });

  it('check holds kubectl exec for a person (exit 3) and allows git status (exit 0)', () => {
    expect(box.run(['check', '--policy', 'warden.yaml', '--', 'kubectl exec -it api-0 -- sh']).status).toBe(3);
    expect(box.run(['check', '--policy', 'warden.yaml', '--', 'git status']).status).toBe(0);
  });
});

describe('warden policy lint on broken policies', () => {
  const broken = [
    'version: 1',
    'roles:',
    '  - name: dev',
    '    comands: []',
    '    commands:',
    '      - { pattern: "git push --force*", action: block }',
    '',
  ].join('\n');

  it('prints every error as file:line:col: message (at path) and exits 1', () => {
    write('broken.yaml', broken);
    const r = box.run(['policy', 'lint', 'broken.yaml']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'broken.yaml:4:5: unknown field "comands" (at roles[0].comands)',
      'broken.yaml:6:49: Invalid option: expected one of "allow"|"deny"|"ask" (at roles[0].commands[0].action)',
      'broken.yaml: 2 errors, 0 warnings',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    write('syntax.yaml', 'version: 1\nroles:\n  - name: "dev\n');
    const r = box.run(['policy', 'lint', 'syntax.yaml']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^syntax\.yaml:4:1: .*quote/m);
  });

  it('--json prints errors and warnings with their positions', () => {
    const r = box.run(['policy', 'lint', '--json', 'broken.yaml']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { errors: { line: number; col: number; path: string }[]; warnings: unknown[] };
    expect(out.errors.map((e) => [e.line, e.col, e.path])).toEqual([[4, 5, 'roles[0].comands'], [6, 49, 'roles[0].commands[0].action']]);
    expect(out.warnings).toEqual([]);
  });

  it('passes with warnings, unless --strict', () => {
    write('shadowed.yaml', 'version: 1\nroles:\n  - name: dev\n    commands:\n      - { pattern: "git *", action: allow }\n      - { pattern: "git push --force*", action: deny }\n');
    const lenient = box.run(['policy', 'lint', 'shadowed.yaml']);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toMatch(/^shadowed\.yaml:6:20: warning: never matches/m);
    expect(lenient.stdout).toMatch(/shadowed\.yaml: ok, 1 warning/);
    const strict = box.run(['policy', 'lint', '--strict', 'shadowed.yaml']);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/0 errors, 1 warning/);
  });

  it('says so when the file does not exist', () => {
    const r = box.run(['policy', 'lint', 'nope.yaml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/policy file not found: nope\.yaml/);
  });
});

describe('warden policy test reporting', () => {
  const policy = (tests: string): string => `version: 1
roles:
  - name: dev
    mode: enforce
    commands:
      - { pattern: "git push --force*", action: deny }
      - { pattern: "git *", action: allow }
    defaults: { command: ask }
${tests}`;

  it('shows each failing case with expected and actual verdicts, the rule and where it is', () => {
    write('failing.yaml', policy('tests:\n  - { command: "git push -f", expect: deny }\n  - { name: status blocked, command: "git status", expect: block }\n'));
    const r = box.run(['policy', 'test', 'failing.yaml']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^PASS command: git push -f → block$/m);
    expect(r.stdout).toMatch(/^FAIL status blocked \(command: git status\) → allow$/m);
    expect(r.stdout).toMatch(/at failing\.yaml:11:5 \(tests\[1\], role dev\)/);
    expect(r.stdout).toMatch(/expected block, got allow/);
    expect(r.stdout).toMatch(/rule dev:commands\[1\]: /);
    expect(r.stdout).toMatch(/\n1 passed, 1 failed\n$/);
  });

  it('--json reports every case', () => {
    const r = box.run(['policy', 'test', '--json', 'failing.yaml']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { passed: number; failed: number; results: { expected: string; actual: string; passed: boolean; line: number }[] };
    expect(out).toMatchObject({ passed: 1, failed: 1 });
    expect(out.results.map((x) => [x.expected, x.actual, x.passed, x.line])).toEqual([["block", "block", true, 10], ["block", "allow", false, 11]]);
  });

  it('fails, and says why, when the policy has no tests', () => {
    write('untested.yaml', policy(''));
    const r = box.run(['policy', 'test', 'untested.yaml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no tests in untested\.yaml/);
  });

  it('refuses to run the tests of a policy with errors', () => {
    const r = box.run(['policy', 'test', 'broken.yaml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:4:5: unknown field "comands"/);
    expect(r.stdout).toBe('');
  });
});
