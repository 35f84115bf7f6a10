// POSIX path normalisation without touching the file system: `~`, relative paths, `..` and
// `file://` URLs.

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

/** Already normal: absolute, no `.`/`..` segments, no doubled or trailing slash. */
const NORMAL_ABSOLUTE = /^(?!.*(?:\/\.{1,2}(?:\/|$)|\/\/|.\/$))\//s;

/** Already normal and relative: no `~`, no `file:` URL, no `.`/`..` segments, no doubled, leading or trailing slash. */
const NORMAL_RELATIVE = /^(?![~/]|file:\/\/)(?!(?:.*\/)?\.{1,2}(?:\/|$))(?!.*(?:\/\/|\/$))/is;

export function normalisePath(path: string, cwd: string | undefined, home: string | undefined): string {
  const absolute = path.charCodeAt(0) === 47; // '/'
  if (absolute && NORMAL_ABSOLUTE.test(path)) return path; // most paths: nothing to do
  // Relative words (most arguments) under a normal working directory: joined, nothing else to do.
  if (!absolute && path !== '' && NORMAL_RELATIVE.test(path) && (cwd === undefined || (cwd !== '/' && NORMAL_ABSOLUTE.test(cwd)))) return cwd === undefined ? path : `${cwd}/${path}`;
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

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
