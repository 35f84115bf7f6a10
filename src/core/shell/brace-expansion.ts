// Bash brace expansion (`pu{sh,ll}`, `{1..3}`), bounded so hostile input cannot explode it.

/** Expands braces in `text`; returns null when expansion would exceed `max` words. */
export function expandBraces(text: string, max: number): string[] | null {
  let results = [text];
  for (let rounds = 0; rounds < max; rounds++) {
    const next: string[] = [];
    let changed = false;
    for (const t of results) {
      const expanded = expandFirst(t, max);
      if (expanded === TOO_MANY) return null;
      if (expanded === null) next.push(t);
      else { changed = true; next.push(...expanded); }
      if (next.length > max) return null;
    }
    results = next;
    if (!changed) return results;
  }
  return null;
}

const TOO_MANY = 'too many';

/** Expands the first expandable brace group, or returns null if there is none. */
function expandFirst(t: string, max: number): string[] | null | typeof TOO_MANY {
  for (let open = t.indexOf('{'); open !== -1; open = t.indexOf('{', open + 1)) {
    if (open > 0 && t[open - 1] === '$') continue; // ${var} is not a brace expansion
    const close = matchingClose(t, open);
    if (close === -1) return null;
    const body = t.slice(open + 1, close);
    const alternatives = splitTopLevel(body) ?? range(body, max);
    if (alternatives === TOO_MANY) return TOO_MANY;
    if (alternatives === null) continue;
    const head = t.slice(0, open);
    const tail = t.slice(close + 1);
    return alternatives.map((a) => head + a + tail);
  }
  return null;
}

function matchingClose(t: string, open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i] === '{') depth++;
    else if (t[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) { parts.push(body.slice(start, i)); start = i + 1; }
  }
  if (parts.length === 0) return null;
  parts.push(body.slice(start));
  return parts;
}

function range(body: string, max: number): string[] | null | typeof TOO_MANY {
  const m = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
  if (!m) return null;
  const [, a = '', b = '', stepText] = m;
  const numeric = /\d/.test(a) && /\d/.test(b);
  if (!numeric && (/\d/.test(a) || /\d/.test(b))) return null;
  const from = numeric ? Number(a) : a.charCodeAt(0);
  const to = numeric ? Number(b) : b.charCodeAt(0);
  const step = Math.max(1, Math.abs(Number(stepText ?? 1)));
  const count = Math.floor(Math.abs(to - from) / step) + 1;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return TOO_MANY;
  if (count > max) return TOO_MANY;
  const width = numeric && /^-?0\d/.test(a) || /^-?0\d/.test(b) ? Math.max(a.length, b.length) : 0;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = from + (to >= from ? i : -i) * step;
    out.push(numeric ? pad(v, width) : String.fromCharCode(v));
  }
  return out;
}

/** `{01..10}`: bash pads every number to the width of the wider end. */
function pad(v: number, width: number): string {
  const digits = String(Math.abs(v)).padStart(v < 0 ? width - 1 : width, '0');
  return v < 0 ? `-${digits}` : digits;
}
