// Where each key's value sits in a TOML file: a small scanner that reads tables, dotted and quoted
// keys, strings of all four kinds, arrays and inline tables, and reports the offsets of every
// assignment. smol-toml parses the values; this only finds them, so that an edit can replace one
// value and leave the rest of the file (comments, order, spacing) as it is.
import { parse } from 'smol-toml';

export interface TomlValueSpan {
  readonly kind: 'array' | 'table' | 'scalar';
  readonly start: number;
  /** Offset just past the value. */
  readonly end: number;
  /** Arrays: their elements. */
  readonly elements: readonly TomlValueSpan[];
}

export interface TomlAssignment {
  /** Full key path: the table's keys, then the assignment's own. */
  readonly path: readonly string[];
  /** Offset of the key's first character, and of its last dotted part. */
  readonly keyStart: number;
  readonly lastKey: number;
  readonly value: TomlValueSpan;
  /** Inside an inline table (`name = { command = "…" }`). */
  readonly inline: boolean;
}

export type TomlScan = { readonly kind: 'ok'; readonly assignments: readonly TomlAssignment[] } | { readonly kind: 'error'; readonly message: string };

class ScanError extends Error {}

interface KeyPart { readonly key: string; readonly start: number }

/** The value a snippet of TOML value text stands for. */
export function decodeTomlValue(raw: string): unknown {
  return (parse(`v = ${raw}`) as { v: unknown }).v;
}

export function scanToml(text: string): TomlScan {
  let i = 0;
  const out: TomlAssignment[] = [];
  const fail = (what: string): never => {
    const line = text.slice(0, i).split('\n').length;
    throw new ScanError(`${what} at line ${line}`);
  };
  const spaces = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const comment = (): void => {
    if (text[i] === '#') while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  };
  const blank = (): void => {
    for (;;) {
      const before = i;
      while (i < text.length && /[ \t\r\n]/.test(text[i]!)) i++;
      comment();
      if (i === before) return;
    }
  };
  const lineEnd = (): void => {
    spaces();
    comment();
    if (text.startsWith('\r\n', i)) i += 2;
    else if (text[i] === '\n') i++;
    else if (i < text.length) fail('unexpected text after a value');
  };
  const quoted = (quote: string, escapes: boolean): void => {
    i++;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\n') fail('a string that does not end on its line');
      i += escapes && text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('a string that does not end');
    i++;
  };
  const multiline = (quote: string, escapes: boolean): void => {
    const fence = quote.repeat(3);
    i += 3;
    while (i < text.length && !text.startsWith(fence, i)) i += escapes && text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('a multi-line string that does not end');
    i += 3;
    // Up to two quotes right before the fence belong to the string.
    for (let n = 0; n < 2 && text[i] === quote; n++) i++;
  };
  const key = (): KeyPart[] => {
    const parts: KeyPart[] = [];
    for (;;) {
      spaces();
      const start = i;
      if (text[i] === '"') quoted('"', true);
      else if (text[i] === "'") quoted("'", false);
      else {
        const bare = /[A-Za-z0-9_-]+/y;
        bare.lastIndex = i;
        if (!bare.exec(text)) fail('a key was expected');
        i = bare.lastIndex;
      }
      const raw = text.slice(start, i);
      const decoded = raw.startsWith('"') ? Object.keys(parse(`${raw} = 0`))[0]! : raw.startsWith("'") ? raw.slice(1, -1) : raw;
      parts.push({ key: decoded, start });
      spaces();
      if (text[i] !== '.') return parts;
      i++;
    }
  };
  const value = (path: readonly string[]): TomlValueSpan => {
    const start = i;
    if (text.startsWith('"""', i)) multiline('"', true);
    else if (text.startsWith("'''", i)) multiline("'", false);
    else if (text[i] === '"') quoted('"', true);
    else if (text[i] === "'") quoted("'", false);
    else if (text[i] === '[') {
      i++;
      const elements: TomlValueSpan[] = [];
      for (;;) {
        blank();
        if (text[i] === ']') break;
        elements.push(value(path));
        blank();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail('"," or "]" was expected in an array');
      }
      i++;
      return { kind: 'array', start, end: i, elements };
    } else if (text[i] === '{') {
      i++;
      for (;;) {
        blank();
        if (text[i] === '}') break;
        assignment(path, true);
        blank();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail('"," or "}" was expected in an inline table');
      }
      i++;
      return { kind: 'table', start, end: i, elements: [] };
    } else {
      const scalar = /[^,\]}#\r\n]*/y;
      scalar.lastIndex = i;
      scalar.exec(text);
      const end = start + text.slice(start, scalar.lastIndex).trimEnd().length;
      if (end === start) fail('a value was expected');
      i = end;
    }
    return { kind: 'scalar', start, end: i, elements: [] };
  };
  const assignment = (table: readonly string[], inline: boolean): void => {
    const keyStart = i;
    const parts = key();
    if (text[i] !== '=') fail('"=" was expected');
    i++;
    spaces();
    const path = [...table, ...parts.map((p) => p.key)];
    const v = value(path);
    out.push({ path, keyStart, lastKey: parts[parts.length - 1]!.start, value: v, inline });
  };

  try {
    let table: string[] = [];
    for (;;) {
      blank();
      if (i >= text.length) break;
      if (text[i] === '[') {
        const array = text[i + 1] === '[';
        i += array ? 2 : 1;
        const parts = key();
        if (!text.startsWith(array ? ']]' : ']', i)) fail('"]" was expected after a table name');
        i += array ? 2 : 1;
        // Tables in an array of tables never hold the servers; their keys get a marker no path matches.
        table = [...parts.map((p) => p.key), ...(array ? ['[]'] : [])];
      } else assignment(table, false);
      lineEnd();
    }
  } catch (error) {
    if (error instanceof ScanError) return { kind: 'error', message: error.message };
    return { kind: 'error', message: `a key that is not valid TOML near offset ${i}` };
  }
  return { kind: 'ok', assignments: out };
}
