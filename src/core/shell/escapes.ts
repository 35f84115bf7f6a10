// Quote and escape removal, as bash performs it, for the three quoting styles.

/** Unquoted word: a backslash quotes the next character; backslash-newline disappears. */
export function unescapeUnquoted(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw[++i];
      if (next !== '\n') out += next;
    } else out += c;
  }
  return out;
}

/** Inside double quotes a backslash escapes only $ ` " \ and newline. */
export function unescapeDoubleQuoted(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    const next = raw[i + 1];
    if (c === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
      i++;
      if (next !== '\n') out += next;
    } else out += c;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

function takeDigits(raw: string, from: number, max: number, re: RegExp): string {
  let s = '';
  while (s.length < max && from + s.length < raw.length && re.test(raw.charAt(from + s.length))) s += raw.charAt(from + s.length);
  return s;
}

function codePoint(n: number): string {
  return n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
}

/** Body of a `$'…'` string (without the `$'` and `'`). */
export function decodeAnsiC(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c !== '\\' || i + 1 >= raw.length) { out += c; continue; }
    const e = raw.charAt(++i);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) { out += simple; continue; }
    if (/[0-7]/.test(e)) {
      const digits = e + takeDigits(raw, i + 1, 2, /[0-7]/);
      i += digits.length - 1;
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const digits = takeDigits(raw, i + 1, e === 'x' ? 2 : e === 'u' ? 4 : 8, /[0-9a-fA-F]/);
      if (digits === '') { out += '\\' + e; continue; }
      i += digits.length;
      out += codePoint(parseInt(digits, 16));
    } else if (e === 'c' && i + 1 < raw.length) {
      out += String.fromCharCode(raw.charCodeAt(++i) & 0x1f);
    } else out += '\\' + e;
  }
  return out;
}
