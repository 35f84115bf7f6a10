// The package a launcher fetches and runs (`npx -y pkg`, `bunx pkg`, `pnpm dlx pkg`, `uvx pkg`,
// `pipx run pkg`), and whether it names one exact version: an unpinned one is whatever the
// registry serves at the next start.
import { basename } from 'node:path';

export interface FetchedPackage {
  readonly launcher: string;
  readonly spec: string;
  readonly name: string;
  /** The exact version pinned, or null. */
  readonly version: string | null;
}

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** Options of npx/bunx/dlx/uvx that take a value as the next argument. */
const VALUE_FLAGS = new Set(['-p', '--package', '-c', '--call', '--from', '--with', '--python', '--index', '--index-url', '--registry', '--cache', '--userconfig', '-w', '--workspace']);

const program = (command: string): string => basename(command).replace(/\.(?:cmd|exe|bat|ps1)$/i, '').toLowerCase();

/** `pkg@1.2.3`, `@scope/pkg@1.2.3` (npm) or `pkg==1.2.3`, `pkg@1.2.3` (Python). */
function splitSpec(spec: string, python: boolean): { name: string; version: string | null } {
  if (python) {
    const m = /^([A-Za-z0-9._\-[\],]+?)(?:==|@)([^<>=!~*]+)$/.exec(spec);
    return m && EXACT_SEMVER.test(m[2]!) ? { name: m[1]!, version: m[2]! } : { name: spec.split(/[<>=!~@]/)[0] ?? spec, version: null };
  }
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at < 0) return { name: spec, version: null };
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  return { name, version: EXACT_SEMVER.test(version) ? version.replace(/^v/, '') : null };
}

/** The first argument that is not an option (nor an option's value). */
function firstOperand(args: readonly string[]): { spec: string; from: string | null } | null {
  let from: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1] !== undefined ? { spec: args[i + 1]!, from } : null;
    if (a.startsWith('-')) {
      const [flag, inline] = a.split('=', 2) as [string, string | undefined];
      if (VALUE_FLAGS.has(flag)) {
        const value = inline ?? args[++i];
        if ((flag === '-p' || flag === '--package' || flag === '--from') && value !== undefined) from = value;
      }
      continue;
    }
    return { spec: a, from };
  }
  return null;
}

export function fetchedPackage(command: string, args: readonly string[]): FetchedPackage | null {
  const p = program(command);
  let rest: readonly string[];
  let python = false;
  if (p === 'npx' || p === 'bunx') rest = args;
  else if ((p === 'pnpm' || p === 'yarn' || p === 'bun') && (args[0] === 'dlx' || args[0] === 'x')) rest = args.slice(1);
  else if (p === 'npm' && args[0] === 'exec') rest = args.slice(1);
  else if (p === 'uvx') { rest = args; python = true; }
  else if ((p === 'uv' && args[0] === 'tool' && args[1] === 'run') || (p === 'pipx' && args[0] === 'run')) { rest = args.slice(p === 'uv' ? 2 : 1); python = true; }
  else return null;
  const operand = firstOperand(rest);
  if (!operand) return null;
  // `npx -p pkg@1 bin` / `uvx --from pkg==1 bin`: the package is the option's value.
  const spec = operand.from ?? operand.spec;
  // A local path or a URL is not fetched from the registry by name.
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|file:)/.test(spec)) return null;
  const { name, version } = splitSpec(spec, python);
  return { launcher: p, spec, name, version };
}
