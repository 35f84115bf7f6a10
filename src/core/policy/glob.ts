// Shell-style globs (`*`, `?`, `[a-z]`) compiled once to anchored regular expressions.

const cache = new Map<string, RegExp>();

function compile(glob: string, star: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (star === '[^/]*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') { re += '(?:/)?'; i++; } }
      else re += star;
    } else if (c === '?') re += star === '.*' ? '[\\s\\S]' : '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`${re}$`, 's');
}

/** `*` matches anything, including `/` (command words, tool names, domains). */
export function globMatch(glob: string, text: string): boolean {
  if (!/[*?[]/.test(glob)) return glob === text;
  const key = `w\u0000${glob}`;
  let re = cache.get(key);
  if (!re) {
    re = compile(glob, '.*');
    if (cache.size > 10_000) cache.clear();
    cache.set(key, re);
  }
  return re.test(text);
}

/** Path globs: `*` stays within one directory, `**` crosses directories. */
export function pathGlobMatch(glob: string, path: string): boolean {
  const key = `p\u0000${glob}`;
  let re = cache.get(key);
  if (!re) {
    re = compile(glob, '[^/]*');
    if (cache.size > 10_000) cache.clear();
    cache.set(key, re);
  }
  return re.test(path);
}

export const hasGlobChars = (text: string): boolean => /[*?[]/.test(text);
