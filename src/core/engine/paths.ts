// POSIX path normalisation without touching the file system: `~`, relative paths, `..` and
// `file://` URLs.
import { lastSlash } from '../shell/last-slash.js';

/** The path a `file://` URL names, or the text unchanged. */
function fromFileUrl(path: string): string {
  if (!/^file:\/\//i.test(path)) return path;
  try {
    const url = new URL(path);
    return url.hostname === '' || url.hostname === 'localhost' ? decodeURIComponent(url.pathname) : path;
  } catch {
    return path;
  }
}

const SLASH = 47;
const DOT = 46;

/** A `.` or `..` segment after a slash (`/./`, `/..`). Found with indexOf: words can be kilobytes long. */
function hasDotSegmentAfterSlash(p: string): boolean {
  for (let i = p.indexOf('/.'); i !== -1; i = p.indexOf('/.', i + 1)) {
    let end = i + 2;
    if (p.charCodeAt(end) === DOT) end++;
    if (end === p.length || p.charCodeAt(end) === SLASH) return true;
  }
  return false;
}

/** Already normal: absolute, no `.`/`..` segments, no doubled or trailing slash. */
function normalAbsolute(p: string): boolean {
  if (p.charCodeAt(0) !== SLASH) return false;
  if (p.length > 1 && p.charCodeAt(p.length - 1) === SLASH) return false;
  return !p.includes('//') && !hasDotSegmentAfterSlash(p);
}

/** Already normal and relative: no `~`, no `file:` URL, no `.`/`..` segments, no doubled, leading or trailing slash. */
function normalRelative(p: string): boolean {
  const first = p.charCodeAt(0);
  if (first === SLASH || first === 126 /* ~ */) return false;
  if (p.length >= 7 && p.slice(0, 7).toLowerCase() === 'file://') return false;
  if (first === DOT) {
    let end = 1;
    if (p.charCodeAt(end) === DOT) end++;
    if (end === p.length || p.charCodeAt(end) === SLASH) return false;
  }
  if (p.charCodeAt(p.length - 1) === SLASH) return false;
  return !p.includes('//') && !hasDotSegmentAfterSlash(p);
}

export function normalisePath(path: string, cwd: string | undefined, home: string | undefined): string {
  return normalisePathIn(path, cwd, home, joinable(cwd));
}

/** Whether a normal relative path joined to this working directory is normal as it stands. */
export const joinable = (cwd: string | undefined): boolean => cwd === undefined || (cwd !== '/' && normalAbsolute(cwd));

/** normalisePath with `joinable(cwd)` worked out once by the caller, for many words under one directory. */
export function normalisePathIn(path: string, cwd: string | undefined, home: string | undefined, cwdJoinable: boolean): string {
  const absolute = path.charCodeAt(0) === SLASH;
  if (absolute && normalAbsolute(path)) return path; // most paths: nothing to do
  // Relative words (most arguments) under a normal working directory: joined, nothing else to do.
  if (!absolute && path !== '' && cwdJoinable && normalRelative(path)) return cwd === undefined ? path : `${cwd}/${path}`;
  return normaliseSegments(path, cwd, home);
}

/** The whole normalisation, segment by segment (normalisePath skips it where nothing would change). */
export function normaliseSegments(path: string, cwd: string | undefined, home: string | undefined): string {
  let p = fromFileUrl(path);
  if (home && (p === '~' || p.startsWith('~/'))) p = home + p.slice(1);
  if (!p.startsWith('/') && cwd) p = `${cwd.replace(/\/+$/, '')}/${p}`;
  const absolute = p.startsWith('/');
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
    } else parts.push(seg);
  }
  return (absolute ? '/' : '') + parts.join('/');
}

export const baseName = (path: string): string => path.slice(lastSlash(path) + 1);

/** The longest file name Linux and macOS accept (NAME_MAX, in bytes). */
const NAME_MAX = 255;
/** The longest path Linux accepts, its NUL aside (PATH_MAX is 4096; macOS's is shorter). */
const PATH_MAX = 4095;

/**
 * Whether a normalised path could name a file: the kernel refuses a path longer than PATH_MAX or
 * with a name longer than NAME_MAX (ENAMETOOLONG). Judged after normalisation, so that a program
 * which resolves `x…x/../.env` itself still counts as reading `.env`. `joined`: how much of the
 * path is the working directory put in front of a relative word (which the program need not pass
 * on). A string's length never exceeds its length in UTF-8 bytes.
 */
export function canNameFile(normalised: string, joined = 0): boolean {
  if (normalised.length <= NAME_MAX) return true;
  if (normalised.length - joined > PATH_MAX) return false;
  let start = 0;
  for (;;) {
    const slash = normalised.indexOf('/', start);
    const end = slash === -1 ? normalised.length : slash;
    if (end - start > NAME_MAX) return false;
    if (slash === -1) return true;
    start = slash + 1;
  }
}
