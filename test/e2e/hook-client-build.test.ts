// scripts/build-hook-client.mjs: the hook client compiled with this Node and this package's CLI
// built in (whatever characters their paths hold), no client at all without a compiler, and no
// client from source that does not compile cleanly.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const hasCompiler = ['cc', 'gcc', 'clang'].some((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A copy of the package's build script and client source under `name` in a scratch directory. */
function packageCopy(name: string): string {
  const base = mkdtempSync(join(tmpdir(), 'warden-hook-build-'));
  dirs.push(base);
  const root = join(base, name);
  for (const d of ['scripts', 'native/hook-client', 'build/src/cli']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(join(REPO, 'scripts/build-hook-client.mjs'), join(root, 'scripts/build-hook-client.mjs'));
  copyFileSync(join(REPO, 'native/hook-client/warden-hook.c'), join(root, 'native/hook-client/warden-hook.c'));
  return root;
}

const build = (root: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [join(root, 'scripts/build-hook-client.mjs')], { encoding: 'utf8', env });

describe('scripts/build-hook-client.mjs', () => {
  it.skipIf(!hasCompiler)('compiles in this Node and the CLI beside it, whatever characters the path holds', () => {
    // No backslash: Node cannot load an ES module from a path that holds one.
    const root = packageCopy('a "quoted" dir with ??( trigraphs, $HOME and é');
    // Stands in for the CLI: says how the fallback ran it.
    writeFileSync(join(root, 'build/src/cli/main.js'), 'let n = 0; process.stdin.on("data", (c) => { n += c.length; }).on("end", () => { console.log(`CLI ${process.argv.slice(2).join(" ")} ${n}`); });\n');
    const r = build(root);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^hook client: build\/bin\/warden-hook \(\S+\)\n$/);
    const client = join(root, 'build/bin/warden-hook');
    expect(statSync(client).mode & 0o777).toBe(0o755);
    const home = join(root, 'home');
    mkdirSync(home);
    const run = spawnSync(client, ['gemini'], { input: '{"x":1}', encoding: 'utf8', env: { PATH: '', WARDEN_HOME: home } });
    // No socket in that home: the fallback is also told nothing listens, to start the daemon again.
    expect(run.stdout).toMatch(/^CLI hook gemini --in-process --request-id [0-9a-f]{32} --daemon-down 7\n$/);
    expect(run.status).toBe(0);
  });

  it('without a C compiler: one line of warning, exit 0, and no client (an old one is removed)', () => {
    const root = packageCopy('no-compiler');
    const client = join(root, 'build/bin/warden-hook');
    mkdirSync(join(root, 'build/bin'));
    writeFileSync(client, 'stale');
    const r = build(root, { PATH: join(root, 'empty') });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('hook client: no C compiler (cc, gcc, clang) found; agents will run the Node hook command instead\n');
    expect(existsSync(client)).toBe(false);
  });

  it.skipIf(!hasCompiler)('fails (exit 1, the compiler\'s output) on a warning, and leaves no client', () => {
    const root = packageCopy('warning');
    const source = join(root, 'native/hook-client/warden-hook.c');
    writeFileSync(source, `${readFileSync(source, 'utf8')}\nstatic int unused_helper(void) { return 0; }\n`);
    const r = build(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/failed to compile native\/hook-client\/warden-hook\.c:\n[\s\S]*unused_helper/);
    expect(existsSync(join(root, 'build/bin/warden-hook'))).toBe(false);
  });
});
