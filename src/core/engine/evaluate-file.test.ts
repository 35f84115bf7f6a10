import { describe, expect, it } from 'vitest';
import { loadPolicyText } from '../policy/load-policy.js';
import type { Role } from '../policy/policy.js';
import { judgeFile, type FileContext } from './evaluate-file.js';
import { normalisePath } from './paths.js';

function roleOf(yaml: string): Role {
  const { value, errors } = loadPolicyText(`version: 1\nroles:\n  - name: r\n    mode: enforce\n${yaml}`, 'test.yaml');
  expect(errors).toEqual([]);
  return value!.roles.get('r')!;
}

const ctx: FileContext = { cwd: '/home/u/project', home: '/home/u' };

describe('file rules', () => {
  const role = roleOf(`
    files:
      - { id: ssh, path: "~/.ssh/**", access: read, action: deny }
      - { id: env, path: ".env", action: deny }
      - { id: env-any, path: ".env.*", action: ask }
      - { id: pem, path: "*.pem", access: write, action: deny }
      - { id: etc-write, path: "/etc/**", access: write, action: deny }
      - { id: etc-read, path: "/etc/**", access: read, action: allow }
      - { id: secrets, path: "secrets/**", action: deny }
      - { id: aws, path: "**/.aws/credentials", action: deny }
    defaults: { file: allow }
`);
  const judge = (path: string, access: 'read' | 'write' = 'read', c: FileContext = ctx) => judgeFile(role, path, access, c, {});

  it('an access: read rule judges reads only', () => {
    expect(judge('/home/u/.ssh/id_rsa', 'read')).toMatchObject({ verdict: 'block', rule: 'ssh' });
    expect(judge('/home/u/.ssh/id_rsa', 'write')).toMatchObject({ verdict: 'allow', rule: null });
  });

  it('an access: write rule judges writes only', () => {
    expect(judge('/home/u/project/cert.pem', 'write')).toMatchObject({ verdict: 'block', rule: 'pem' });
    expect(judge('/home/u/project/cert.pem', 'read')).toMatchObject({ verdict: 'allow', rule: null });
  });

  it('the same path gets different rules for read and write', () => {
    expect(judge('/etc/hosts', 'write')).toMatchObject({ verdict: 'block', rule: 'etc-write' });
    expect(judge('/etc/hosts', 'read')).toMatchObject({ verdict: 'allow', rule: 'etc-read' });
  });

  it('access: any (the default) judges both', () => {
    expect(judge('/srv/app/.env', 'read')).toMatchObject({ rule: 'env' });
    expect(judge('/srv/app/.env', 'write')).toMatchObject({ rule: 'env' });
  });

  it('~/.ssh/** covers everything below ~/.ssh, written with ~ or as the home path', () => {
    expect(judge('~/.ssh/id_ed25519')).toMatchObject({ rule: 'ssh' });
    expect(judge('/home/u/.ssh/keys/deploy/id_rsa')).toMatchObject({ rule: 'ssh' });
    expect(judge('/home/other/.ssh/id_rsa')).toMatchObject({ rule: null });
    expect(judge('/home/u/.sshx/id_rsa')).toMatchObject({ rule: null });
  });

  it('a glob without / matches the file name in any directory', () => {
    expect(judge('/home/u/project/.env')).toMatchObject({ rule: 'env' });
    expect(judge('/deep/down/somewhere/.env')).toMatchObject({ rule: 'env' });
    expect(judge('/home/u/project/.env.production')).toMatchObject({ rule: 'env-any' });
    expect(judge('/home/u/project/.envrc')).toMatchObject({ rule: null });
    expect(judge('/home/u/project/my.env')).toMatchObject({ rule: null });
  });

  it('.. segments are resolved before matching, so traversal cannot dodge a rule', () => {
    expect(judge('/home/u/project/../.ssh/id_rsa')).toMatchObject({ verdict: 'block', rule: 'ssh' });
    expect(judge('/home/u/project/src/../../.ssh/./id_rsa')).toMatchObject({ rule: 'ssh' });
    expect(judge('/../../home/u/.ssh/id_rsa')).toMatchObject({ rule: 'ssh' });
    expect(judge('/home/u//.ssh//id_rsa')).toMatchObject({ rule: 'ssh' });
  });

  it('.. cannot make a path look as if it were inside a directory it is not', () => {
    expect(judge('/home/u/.ssh/../project/README.md')).toMatchObject({ verdict: 'allow', rule: null });
  });

  it('relative paths are resolved against the working directory', () => {
    expect(judge('../.ssh/id_rsa')).toMatchObject({ rule: 'ssh' });
    expect(judge('./secrets/api.key')).toMatchObject({ rule: 'secrets' });
    expect(judge('src/index.ts')).toMatchObject({ verdict: 'allow', rule: null });
    expect(judge('../other/secrets/api.key')).toMatchObject({ rule: null });
  });

  it('a relative glob names a place under the working directory', () => {
    expect(judge('/home/u/project/secrets/db/password')).toMatchObject({ rule: 'secrets' });
    expect(judge('/home/u/elsewhere/secrets/x')).toMatchObject({ rule: null });
  });

  it('without a working directory, a relative glob matches under any directory', () => {
    expect(judge('/srv/app/secrets/x', 'read', { home: '/home/u' })).toMatchObject({ rule: 'secrets' });
    expect(judge('secrets/x', 'read', { home: '/home/u' })).toMatchObject({ rule: 'secrets' });
  });

  it('**/ matches whole directories, including none', () => {
    expect(judge('/home/u/.aws/credentials')).toMatchObject({ rule: 'aws' });
    expect(judge('/.aws/credentials')).toMatchObject({ rule: 'aws' });
    expect(judge('/home/u/x.aws/credentials')).toMatchObject({ rule: null });
  });

  it('file:// URLs name the same file as the path', () => {
    expect(judge('file:///home/u/.ssh/id_rsa')).toMatchObject({ rule: 'ssh' });
    expect(judge('file:///home/u/%2Essh/id_rsa')).toMatchObject({ rule: 'ssh' });
  });

  it('the reason names the normalised path', () => {
    expect(judge('../.ssh/id_rsa').reason).toContain('/home/u/.ssh/id_rsa');
  });
});

describe('file rules: defaults and variables', () => {
  const role = roleOf(`
    files:
      - { path: "/var/lib/{{env}}/**", action: deny }
      - { path: "/srv/**", action: ask, when: { env: [staging, production] } }
    defaults: { file: deny }
`);

  it('a path no rule names gets the role default', () => {
    expect(judgeFile(role, '/tmp/x', 'write', ctx, {})).toMatchObject({ verdict: 'block', rule: null });
  });

  it('variables and when conditions apply as for other rules', () => {
    expect(judgeFile(role, '/var/lib/production/db', 'read', ctx, { env: 'production' })).toMatchObject({ verdict: 'block', rule: 'r:files[0]' });
    expect(judgeFile(role, '/srv/x', 'read', ctx, { env: 'staging' })).toMatchObject({ verdict: 'ask' });
    expect(judgeFile(role, '/srv/x', 'read', ctx, { env: 'dev' })).toMatchObject({ verdict: 'block', rule: null });
  });
});

describe('normalisePath', () => {
  it('expands ~ only at the start', () => {
    expect(normalisePath('~/a', undefined, '/home/u')).toBe('/home/u/a');
    expect(normalisePath('~', undefined, '/home/u/')).toBe('/home/u');
    expect(normalisePath('/x/~/a', undefined, '/home/u')).toBe('/x/~/a');
  });

  it('keeps a relative path relative when no working directory is known', () => {
    expect(normalisePath('a/../../b', undefined, undefined)).toBe('../b');
  });

  it('never climbs above the root', () => {
    expect(normalisePath('/a/../../../etc/passwd', undefined, undefined)).toBe('/etc/passwd');
  });
});
