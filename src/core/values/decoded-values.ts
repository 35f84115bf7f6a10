// Every value inside tool arguments, decoded: nested objects and arrays, JSON inside strings,
// and URL escapes. Rules judge these, never the raw JSON text.

export interface DecodedValue {
  /** Path of keys from the root, e.g. ['options', 'paths', '0']. */
  readonly path: readonly string[];
  /** The nearest object key above the value ('' at the root or inside a top-level array). */
  readonly key: string;
  readonly value: string;
}

export interface DecodeLimits {
  readonly maxDepth: number;
  readonly maxValues: number;
}

const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxDepth: 64, maxValues: 100_000 };

function tryJson(text: string): unknown {
  const t = text.trim();
  const container = (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'));
  // A quoted JSON string (`"\u002e\u002e/etc"`) hides its text behind escapes just as well.
  const quoted = t.length >= 2 && t.startsWith('"') && t.endsWith('"') && t.includes('\\');
  if (!container && !quoted) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

const URL_ESCAPES = /(?:%[0-9a-fA-F]{2})+/g;

/**
 * URL escapes decoded the way a lenient server would: a run that is not valid UTF-8, or a stray
 * `%` elsewhere in the text, does not stop the other escapes from being decoded.
 */
function urlDecoded(text: string): string | null {
  if (!/%[0-9a-fA-F]{2}/.test(text)) return null;
  return text.replace(URL_ESCAPES, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });
}

/**
 * Yields every scalar value. Strings holding JSON are decoded and walked too; URL-escaped
 * strings are yielded both as written and decoded. Past the limits, `truncated` is set.
 */
export function decodedValues(root: unknown, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): { values: DecodedValue[]; truncated: boolean } {
  const values: DecodedValue[] = [];
  let truncated = false;
  const stack: { value: unknown; path: string[]; key: string; depth: number }[] = [{ value: root, path: [], key: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, key, depth } = stack.pop()!;
    if (values.length >= limits.maxValues || depth > limits.maxDepth) { truncated = true; continue; }
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') {
      values.push({ path, key, value });
      const decoded = urlDecoded(value);
      if (decoded !== null && decoded !== value) stack.push({ value: decoded, path, key, depth: depth + 1 });
      const parsed = tryJson(value);
      if (parsed !== undefined) stack.push({ value: parsed, path, key, depth: depth + 1 });
    } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
      values.push({ path, key, value: String(value) });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, String(i)], key, depth: depth + 1 });
    } else if (typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        stack.push({ value: v, path: [...path, k], key: k, depth: depth + 1 });
      }
    }
  }
  return { values, truncated };
}
