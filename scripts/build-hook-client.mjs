// Build step: compiles the hook client (native/hook-client/warden-hook.c) into build/bin/warden-hook,
// with this Node and this package's CLI compiled in for its fallback. Without a C compiler it says
// so in one line and exits 0: `warden install` then writes the Node hook command instead.
//
//   node scripts/build-hook-client.mjs [--out FILE]
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'native', 'hook-client', 'warden-hook.c');

function outFile(argv) {
  if (argv.length === 0) return join(root, 'build', 'bin', 'warden-hook');
  if (argv.length === 2 && argv[0] === '--out' && argv[1]) return resolve(argv[1]);
  console.error('usage: node scripts/build-hook-client.mjs [--out FILE]');
  process.exit(1);
}

/** A C string literal for a -D value: printable ASCII as it is (quotes, backslashes and `?`, which could start a trigraph, escaped), every other byte in octal. */
function cString(text) {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (ch === '"' || ch === '\\' || ch === '?') out += `\\${ch}`;
    else if (byte >= 0x20 && byte < 0x7f) out += ch;
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** $CC when it names a program, else the first of cc, gcc, clang that runs. */
function findCompiler() {
  const candidates = [process.env.CC, 'cc', 'gcc', 'clang'].filter((c) => typeof c === 'string' && /^[\w./+-]+$/.test(c));
  return candidates.find((c) => {
    const r = spawnSync(c, ['--version'], { stdio: 'ignore' });
    return !r.error && r.status === 0;
  });
}

const out = outFile(process.argv.slice(2));
const shown = relative(root, out).startsWith('..') ? out : relative(root, out);
const compiler = findCompiler();
if (!compiler) {
  // A client left from an earlier build may name another Node or CLI: none is better than a stale one.
  rmSync(out, { force: true });
  console.warn('hook client: no C compiler (cc, gcc, clang) found; agents will run the Node hook command instead');
  process.exit(0);
}

const mainJs = join(root, 'build', 'src', 'cli', 'main.js');
const cli = existsSync(mainJs) ? realpathSync(mainJs) : mainJs;
mkdirSync(dirname(out), { recursive: true, mode: 0o755 });
const tmp = `${out}.${process.pid}.tmp`;
const r = spawnSync(
  compiler,
  ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', `-DWARDEN_NODE_DEFAULT=${cString(process.execPath)}`, `-DWARDEN_CLI_DEFAULT=${cString(cli)}`, '-o', tmp, source],
  { encoding: 'utf8' },
);
if (r.error || r.status !== 0) {
  rmSync(tmp, { force: true });
  rmSync(out, { force: true });
  console.error(`hook client: ${compiler} failed to compile ${relative(root, source)}:\n${r.error ? r.error.message : `${r.stdout}${r.stderr}`.trim()}`);
  process.exit(1);
}
chmodSync(tmp, 0o755);
// Renamed into place: an agent running the client mid-build sees the old one or the new one, whole.
renameSync(tmp, out);
console.log(`hook client: ${shown} (${compiler})`);
