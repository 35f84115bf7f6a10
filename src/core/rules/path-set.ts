// A rule's path globs compiled once into two regular expressions (full path, base name), so an
// event's paths are tested against a whole include or exclude list in one match each.
import { normalisePath } from '../engine/paths.js';
import { globSource } from '../policy/glob.js';
import type { GlobSet } from './rule.js';

interface Alternatives {
  readonly full: RegExp | null;
  readonly base: RegExp | null;
  /** When every glob ends in a literal name, those names: a path with another name cannot match. */
  readonly lastNames: ReadonlySet<string> | null;
}

const lastSegment = (glob: string): string => glob.slice(glob.lastIndexOf('/') + 1);

export interface PathTest { test(path: string): boolean }

/**
 * Rule path globs: without `/` a file name anywhere (`.env`); `~/x` is x under any directory
 * (any user's home, and relative paths); other relative globs likewise; absolute globs as written.
 */
function fullPathGlob(glob: string): string {
  if (glob === '~') return '{/home/*,/root,/Users/*}';
  if (glob.startsWith('~/')) return `**/${glob.slice(2)}`;
  if (glob.startsWith('**')) return glob;
  if (!glob.startsWith('/')) return `**/${normalisePath(glob, undefined, undefined)}`;
  return normalisePath(glob, undefined, undefined);
}

function compileAlternatives(globs: readonly string[]): Alternatives {
  const full: string[] = [];
  const base: string[] = [];
  for (const g of globs) {
    if (!g.includes('/') && g !== '~') base.push(globSource(g, true));
    else if (g === '~') full.push('/home/[^/]+', '/root', '/Users/[^/]+');
    else full.push(globSource(fullPathGlob(g), true));
  }
  const regex = (parts: string[]): RegExp | null => (parts.length ? new RegExp(`^(?:${parts.join('|')})$`, 's') : null);
  const names = globs.map((g) => (g === '~' ? '*' : lastSegment(g)));
  const lastNames = names.some((n) => /[*?[{]/.test(n) || n === '' || n === '..' || n === '.') ? null : new Set(names);
  return { full: regex(full), base: regex(base), lastNames };
}

function matches(a: Alternatives, path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (a.lastNames && !a.lastNames.has(name)) return false; // cheap reject before any regex
  if (a.full?.test(path)) return true;
  return a.base !== null && a.base.test(name);
}

const compiled = new WeakMap<GlobSet, PathTest>();

export function pathSetTest(set: GlobSet): PathTest {
  let t = compiled.get(set);
  if (!t) {
    const include = compileAlternatives(set.include);
    const exclude = compileAlternatives(set.exclude);
    t = { test: (path) => matches(include, path) && !matches(exclude, path) };
    compiled.set(set, t);
  }
  return t;
}
