// The paths one analysed unit of an event names and runs, so a sequence step can relate to an
// earlier one: the file written is the file executed, the file read lies in the directory listed.
import { normalisePath } from '../engine/paths.js';
import type { SubjectUnit } from '../rules/subjects.js';
import { append } from '../append.js';

export interface UnitPaths {
  /** Paths read, written, downloaded to, or (for a command given none) the working directory. */
  readonly named: readonly string[];
  /** Paths executed: the program itself, an interpreter's script, the target of `chmod +x`. */
  readonly runs: readonly string[];
}

const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'python', 'python2', 'python3', 'node', 'deno', 'bun', 'perl', 'ruby', 'php', 'source', '.', 'pwsh', 'osascript']);
/** Flags after which an interpreter runs inline code or a module, not a script file. */
const INLINE_FLAGS = ['-c', '-e', '-m', '--eval', '--command', '-p', '--print'];

/** The file a downloader saves to when not told where: the last segment of the URL path. */
function downloadTarget(url: string, dir: string | undefined, home: string | undefined): string | null {
  try {
    const name = new URL(url).pathname.split('/').pop() ?? '';
    return normalisePath(name === '' ? 'index.html' : decodeURIComponent(name), dir, home);
  } catch {
    return null;
  }
}

function downloads(unit: SubjectUnit, cwd: string | undefined, home: string | undefined): string[] {
  const cmd = unit.command;
  if (!cmd) return [];
  const { binary, flags, positionals } = cmd.view;
  const urls = positionals.filter((w) => w.kind === 'literal' && /^https?:\/\//i.test(w.text)).map((w) => w.text);
  const savesByName = (binary === 'wget' && !flags.has('--output-document')) || (binary === 'curl' && flags.has('--remote-name'));
  if (!savesByName) return [];
  const dir = binary === 'wget' ? flags.get('--directory-prefix')?.[0] ?? flags.get('-P')?.[0] : undefined;
  const base = dir ? normalisePath(dir, cwd, home) : cwd;
  return urls.flatMap((u) => downloadTarget(u, base, home) ?? []);
}

function runs(unit: SubjectUnit, cwd: string | undefined, home: string | undefined): string[] {
  const cmd = unit.command;
  if (!cmd) return [];
  const norm = (p: string): string => normalisePath(p, cwd, home);
  const out: string[] = [];
  const program = cmd.analysed.argv[0];
  if (program?.kind === 'literal' && program.text.includes('/')) out.push(norm(program.text));
  const { binary, flags, positionals } = cmd.view;
  const literal = positionals.filter((w) => w.kind === 'literal').map((w) => w.text);
  if (INTERPRETERS.has(binary) && !INLINE_FLAGS.some((f) => flags.has(f))) {
    const script = (binary === 'deno' || binary === 'bun') && literal[0] === 'run' ? literal[1] : literal[0];
    if (script !== undefined) out.push(norm(script));
  }
  if (binary === 'chmod' && literal.length >= 2) {
    const mode = literal[0]!;
    const executable = /^[ugoa]*[+=][rwxXst]*x/.test(mode) || (/^[0-7]{3,4}$/.test(mode) && /[1357]/.test(mode));
    if (executable) append(out, literal.slice(1).map(norm));
  }
  return out;
}

export function unitPaths(unit: SubjectUnit, cwd: string | undefined, home: string | undefined): UnitPaths {
  const named = new Set<string>([...unit.reads, ...unit.writes, ...downloads(unit, cwd, home)]);
  const hasPositional = unit.command?.view.positionals.some((w) => w.kind === 'literal') ?? true;
  if (named.size === 0 && !hasPositional && cwd) named.add(normalisePath(cwd, undefined, home));
  return { named: [...named], runs: runs(unit, cwd, home) };
}

/** `path` lies below `dir`. */
export const isInside = (path: string, dir: string): boolean => path !== dir && (dir === '/' ? path.startsWith('/') : path.startsWith(`${dir}/`));
