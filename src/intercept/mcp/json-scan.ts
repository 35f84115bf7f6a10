// One pass over JSON text that JSON.parse has already accepted, for what JSON.parse hides:
// duplicate keys (JSON.parse keeps the last; other parsers keep the first or refuse) and, for a
// batch, where each element of the top-level array starts and ends in the text.

export interface JsonScan {
  /** Some object has the same key (as decoded) twice. */
  readonly duplicateKeys: boolean;
  /** For a top-level array: [start, end) of each element in the text; empty otherwise. */
  readonly elements: readonly (readonly [number, number])[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Index just past the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q === -1) return text.length;
    let slashes = 0;
    for (let j = q - 1; j > start && text.charCodeAt(j) === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

interface Frame {
  readonly object: boolean;
  readonly keys: Set<string> | null;
  /** In an object: the next string is a key. */
  expectKey: boolean;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export function scanJson(text: string): JsonScan {
  const stack: Frame[] = [];
  const elements: [number, number][] = [];
  let duplicateKeys = false;
  let elementStart = -1;
  const topArray = (): boolean => stack.length === 1 && !stack[0]!.object;
  const endElement = (at: number): void => {
    if (elementStart === -1) return;
    let end = at;
    while (end > elementStart && isSpace(text.charCodeAt(end - 1))) end--;
    elements.push([elementStart, end]);
    elementStart = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (topArray() && elementStart === -1 && c !== 0x5d && c !== 0x2c) elementStart = i;
    switch (c) {
      case QUOTE: {
        const end = stringEnd(text, i);
        const frame = stack[stack.length - 1];
        if (frame?.object && frame.expectKey) {
          const raw = text.slice(i + 1, end - 1);
          const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
          if (frame.keys!.has(key)) duplicateKeys = true;
          else frame.keys!.add(key);
          frame.expectKey = false;
        }
        i = end - 1;
        break;
      }
      case 0x7b: // {
        stack.push({ object: true, keys: new Set(), expectKey: true });
        break;
      case 0x5b: // [
        stack.push({ object: false, keys: null, expectKey: false });
        break;
      case 0x7d: // }
      case 0x5d: // ]
        if (c === 0x5d && topArray()) endElement(i);
        stack.pop();
        break;
      case 0x2c: {
        // ,
        if (topArray()) endElement(i);
        const frame = stack[stack.length - 1];
        if (frame?.object) frame.expectKey = true;
        break;
      }
      default:
        break;
    }
  }
  return { duplicateKeys, elements };
}

/**
 * Whether JSON text that JSON.parse accepted, giving `value`, has a duplicate key somewhere: the
 * same answer as scanJson's, without keeping each object's keys. Every key written in the text is
 * followed by the one `:` outside a string, and JSON.parse gives each key written its own property
 * except a duplicate, which overwrites one: so there is a duplicate exactly when the text holds
 * more keys than the objects of the value have properties.
 */
export function hasDuplicateKeys(text: string, value: unknown): boolean {
  let written = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i) - 1;
    else if (c === COLON) written++;
  }
  if (written === 0) return false;
  let kept = 0;
  // Walked without recursion: the value may be nested as deep as JSON.parse allows.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
      continue;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      kept++;
      const x = o[k];
      if (typeof x === 'object' && x !== null) stack.push(x);
    }
  }
  return written > kept;
}
