// A rule's path globs compiled once for fast testing. Each glob goes to the one group that a
// path it matches must select, so a path is only tried against the globs that can match it:
// - globs ending in a literal name (`~/.aws/credentials`), by that name;
// - file-name globs (`.env`, `*.pem`, and `**/*.gz`, which is the same thing), against the name;
// - absolute globs (`/dev/sd*`, `/etc/**`), by their first directory;
// - other globs under any directory (`~/.ssh/id_*`), by their last literal directory name;
// - the rest (`/`, `**/*:**`) share one regular expression.
// `referencePathTest` is the same test as one plain regular expression per set, for checking.
import { normalisePath } from '../engine/paths.js';
import { globSource, pathGlobMatch, REGEX_TEXT_LIMIT } from '../policy/glob.js';
import { lastSlash } from '../shell/last-slash.js';
import type { GlobSet } from './rule.js';

export interface PathTest { test(path: string): boolean }

interface Alternatives {
  /** Full-path regexes of globs ending in a literal name, by that name. */
  readonly byName: ReadonlyMap<string, RegExp>;
  /** File-name globs without wildcards. */
  readonly names: ReadonlySet<string>;
  /** File-name regex of file-name globs with wildcards. */
  readonly base: RegExp | null;
  /** Full-path regexes of absolute globs, by their first directory. */
  readonly byRoot: ReadonlyMap<string, RegExp>;
  /** Full-path regexes of globs under any directory, by a directory name every match contains. */
  readonly byDir: ReadonlyMap<string, RegExp>;
  /** Finds whether a path has any of byDir's names as a segment, in one scan; null when byDir is empty. */
  readonly dirHint: RegExp | null;
  /** Full-path regex of everything else. */
  readonly rest: RegExp | null;
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
const isWild = (text: string): boolean => /[*?[]/.test(text);
/** A `[…]` class holding `/` makes splitting the glob at `/` meaningless. */
const slashInClass = (glob: string): boolean => /\[[^\]]*\//.test(glob);

function add(map: Map<string, string[]>, key: string, part: string): void {
  const list = map.get(key);
  if (list) list.push(part);
  else map.set(key, [part]);
}

const compiledMap = (map: Map<string, string[]>): Map<string, RegExp> => new Map([...map].map(([k, parts]) => [k, anchored(parts)!]));

/**
 * Where a glob's matches are certain to show: a literal segment of the glob lies between two `/`
 * of the glob (or the end), so in any path it matches it is one whole segment of that path.
 */
function compileAlternatives(globs: readonly string[]): Alternatives {
  const named = new Map<string, string[]>();
  const names = new Set<string>();
  const base: string[] = [];
  const roots = new Map<string, string[]>();
  const dirs = new Map<string, string[]>();
  const rest: string[] = [];
  const baseGlob = (g: string): void => {
    if (isWild(g)) base.push(globSource(g, true));
    else names.add(g);
  };
  for (const g of globs) {
    if (g === '~') { rest.push('/home/[^/]+', '/root', '/Users/[^/]+'); continue; }
    if (!g.includes('/')) { baseGlob(g); continue; }
    const full = fullPathGlob(g);
    const source = globSource(full, true);
    if (slashInClass(full)) { rest.push(source); continue; }
    const segments = full.split('/');
    // `a**/b` is `a(?:.*/)?b`: b may start inside a segment, so it is no segment of its own; nor
    // after `a**/**/` (each `**/` may match nothing).
    const whole = (k: number): boolean => {
      let j = k - 1;
      while (j >= 0 && segments[j] === '**') j--;
      return j < 0 || !segments[j]!.endsWith('**');
    };
    const name = lastSegment(full);
    if (name !== '' && !isWild(name) && whole(segments.length - 1)) { add(named, name, source); continue; }
    // `**/x` with a one-segment x without `**` is the file-name glob x.
    if (segments.length === 2 && segments[0] === '**' && name !== '' && !name.includes('**')) { baseGlob(name); continue; }
    if (segments[0] === '' && segments.length > 1 && segments[1] !== '' && !isWild(segments[1]!)) { add(roots, segments[1]!, source); continue; }
    let dir = -1;
    for (let k = segments.length - 2; k >= 1 && dir === -1; k--) if (segments[k] !== '' && !isWild(segments[k]!) && whole(k)) dir = k;
    if (dir !== -1) add(dirs, segments[dir]!, source);
    else rest.push(source);
  }
  const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const dirHint = dirs.size ? new RegExp(`(?:^|/)(?:${[...dirs.keys()].map(escape).join('|')})(?:/|$)`, 's') : null;
  return { byName: compiledMap(named), names, base: anchored(base), byRoot: compiledMap(roots), byDir: compiledMap(dirs), dirHint, rest: anchored(rest) };
}

function matches(a: Alternatives, path: string): boolean {
  const slash = lastSlash(path);
  const name = path.slice(slash + 1);
  if (a.byName.get(name)?.test(path)) return true;
  if (a.names.has(name) || a.base?.test(name)) return true;
  if (a.byRoot.size && path.charCodeAt(0) === 47) {
    const end = path.indexOf('/', 1);
    if (a.byRoot.get(end === -1 ? path.slice(1) : path.slice(1, end))?.test(path)) return true;
  }
  if (a.dirHint?.test(path)) {
    // Every segment of the path, the last included (`.*` may match nothing).
    let start = 0;
    for (;;) {
      const end = path.indexOf('/', start);
      const segment = end === -1 ? path.slice(start) : path.slice(start, end);
      if (segment !== '' && a.byDir.get(segment)?.test(path)) return true;
      if (end === -1) break;
      start = end + 1;
    }
  }
  return a.rest !== null && a.rest.test(path);
}

/** One rule glob as a test of a whole path, by pathGlobMatch (linear where a regex would not be). */
function globTest(g: string): (path: string) => boolean {
  if (g === '~') return (path) => /^(?:\/home\/[^/]+|\/root|\/Users\/[^/]+)$/.test(path);
  if (!g.includes('/')) return (path) => pathGlobMatch(g, path.slice(path.lastIndexOf('/') + 1));
  const full = fullPathGlob(g);
  return (path) => pathGlobMatch(full, path);
}

const compiled = new WeakMap<GlobSet, PathTest>();

export function pathSetTest(set: GlobSet): PathTest {
  let t = compiled.get(set);
  if (!t) {
    const include = compileAlternatives(set.include);
    const exclude = compileAlternatives(set.exclude);
    // A path longer than any real one (a hostile argument) is tried glob by glob, each in linear
    // time, rather than through the union regexes, some of which backtrack on it. Up to that
    // length the unions' backtracking stays within milliseconds for any glob of the pack.
    const long = { include: set.include.map(globTest), exclude: set.exclude.map(globTest) };
    t = {
      test: (path) => (path.length > REGEX_TEXT_LIMIT
        ? long.include.some((f) => f(path)) && !long.exclude.some((f) => f(path))
        : matches(include, path) && !matches(exclude, path)),
    };
    compiled.set(set, t);
  }
  return t;
}

/** The same test without any grouping: each glob a full-path (or file-name) regex. For tests. */
export function referencePathTest(set: GlobSet): PathTest {
  const one = (globs: readonly string[]): ((path: string) => boolean) => {
    const full: string[] = [];
    const base: string[] = [];
    for (const g of globs) {
      if (g === '~') full.push('/home/[^/]+', '/root', '/Users/[^/]+');
      else if (!g.includes('/')) base.push(globSource(g, true));
      else full.push(globSource(fullPathGlob(g), true));
    }
    const f = anchored(full);
    const b = anchored(base);
    return (path) => (f?.test(path) ?? false) || (b?.test(path.slice(path.lastIndexOf('/') + 1)) ?? false);
  };
  const include = one(set.include);
  const exclude = one(set.exclude);
  return { test: (path) => include(path) && !exclude(path) };
}
