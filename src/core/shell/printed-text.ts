// What `echo` and `printf` print for literal arguments, so that text piped into a shell can be
// analysed as the script it becomes (`printf 'git push -\x66' | sh`).
import { decodeAnsiC } from './escapes.js';

const ECHO_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
};

function digitsAt(text: string, from: number, max: number, re: RegExp): string {
  let s = '';
  while (s.length < max && re.test(text.charAt(from + s.length))) s += text.charAt(from + s.length);
  return s;
}

/** Escapes as `echo -e` (and dash's and zsh's plain `echo`) decode them; `\c` ends the output. */
export function decodeEchoEscapes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c !== '\\' || i + 1 >= text.length) { out += c; continue; }
    const e = text.charAt(i + 1);
    if (e === 'c') return out;
    const simple = ECHO_ESCAPES[e];
    if (simple !== undefined) { out += simple; i++; continue; }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (e === '0' || /[1-7]/.test(e) || hex) {
      const start = e === '0' || hex ? i + 2 : i + 1;
      const digits = hex ? digitsAt(text, start, hex, /[0-9a-fA-F]/) : digitsAt(text, start, 3, /[0-7]/);
      if (hex && digits === '') { out += c; continue; }
      const n = parseInt(digits || '0', hex ? 16 : 8);
      out += n <= 0x10ffff ? String.fromCodePoint(hex ? n : n & 0xff) : '\ufffd';
      i = start + digits.length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * The texts `echo ARGS` may print. Shells disagree on escapes (bash keeps them unless `-e`;
 * dash and zsh decode them), so both readings are returned when they differ.
 */
export function echoTexts(args: readonly string[]): string[] {
  let i = 0;
  let newline = true;
  while (i < args.length && /^-[neE]+$/.test(args[i]!)) {
    if (args[i]!.includes('n')) newline = false;
    i++;
  }
  const raw = args.slice(i).join(' ') + (newline ? '\n' : '');
  const decoded = decodeEchoEscapes(raw);
  return decoded === raw ? [raw] : [raw, decoded];
}

const DIRECTIVE = /%([-+ #0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])/g;

/** What `printf ARGS` prints, or null when a directive cannot be rendered statically. */
export function printfText(args: readonly string[]): string | null {
  let rest = args;
  if (rest[0] === '--') rest = rest.slice(1);
  if (rest[0] === '-v') return ''; // assigns a variable, prints nothing
  const [format, ...values] = rest;
  if (format === undefined) return null;
  const decodedFormat = decodeAnsiC(format);
  let out = '';
  let next = 0;
  let unsupported = false;
  const render = (): number => {
    let used = 0;
    out += decodedFormat.replace(DIRECTIVE, (_all, flags: string, width: string, precision: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      if (conv !== 's' && conv !== 'b' && conv !== 'c') { unsupported = true; return ''; }
      used++;
      let value = values[next++] ?? '';
      if (conv === 'b') value = decodeEchoEscapes(value);
      if (conv === 'c') value = value.charAt(0);
      if (precision !== undefined) value = value.slice(0, Number(precision || 0));
      const w = Number(width || 0);
      return flags.includes('-') ? value.padEnd(w) : value.padStart(w);
    });
    return used;
  };
  // The format is reused while arguments remain, as printf does.
  for (let rounds = 0; rounds <= values.length; rounds++) {
    if (render() === 0 || next >= values.length) break;
  }
  return unsupported ? null : out;
}
