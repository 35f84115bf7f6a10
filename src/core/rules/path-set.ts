// A rule's path globs compiled once for fast testing. Globs whose last segment is a literal name
// (`~/.aws/credentials`) are grouped by that name, so a path is only tried against the globs that
// end in its own file name; the rest (`~/.ssh/id_*`) share one regular expression.
import { normalisePath } from '../engine/paths.js';
import { globSource } from '../policy/glob.js';
import type { GlobSet } from './rule.js';

export interface PathTest { test(path: string): boolean }

interface Alternatives {
  /** Full-path regexes of globs ending in a literal name, by that name. */
  readonly byName: ReadonlyMap<string, RegExp>;
  /** Full-path regex of globs whose last segment has wildcards. */
  readonly wild: RegExp | null;
  /** File-name regex of globs without `/` (`.env`, `*.pem`). */
  readonly base: RegExp | null;
}

/**
 * Rule path globs: without `/` a file name anywhere (`.env`); `~/x` is x under any directory
 * (any user's home, and relative paths); other relative globs likewise; absolute globs as written.
 */
function fullPathGlob(glob: string): string {
  if (glob.startsWith('~/')) return `**/${glob.slice(2)}`;
  if (glob.startsWith('**')) return glob;
  if (!glob.startsWith('/')) return `**/${normalisePath(glob, undefined, undefined)}`;
  return normalisePath(glob, undefined, undefined);
}

const anchored = (parts: readonly string[]): RegExp | null => (parts.length ? new RegExp(`^(?:${parts.join('|')})$`, 's') : null);
const lastSegment = (glob: string): string => glob.slice(glob.lastIndexOf('/') + 1);

function compileAlternatives(globs: readonly string[]): Alternatives {
  const named = new Map<string, string[]>();
  const wild: string[] = [];
  const base: string[] = [];
  for (const g of globs) {
    if (g === '~') { wild.push('/home/[^/]+', '/root', '/Users/[^/]+'); continue; }
    if (!g.includes('/')) { base.push(globSource(g, true)); continue; }
    const full = fullPathGlob(g);
    const name = lastSegment(full);
    if (name === '' || /[*?[]/.test(name)) wild.push(globSource(full, true));
    else named.set(name, [...(named.get(name) ?? []), globSource(full, true)]);
  }
  return {
    byName: new Map([...named].map(([name, parts]) => [name, anchored(parts)!])),
    wild: anchored(wild),
    base: anchored(base),
  };
}

function matches(a: Alternatives, path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const named = a.byName.get(name);
  if (named?.test(path)) return true;
  if (a.wild?.test(path)) return true;
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
