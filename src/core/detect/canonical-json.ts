// One spelling of a JSON value: object keys sorted, no whitespace, undefined members dropped.
// Two definitions that mean the same thing hash the same however a server orders its keys.

const MAX_DEPTH = 100;

export function canonicalJson(value: unknown): string {
  const walk = (v: unknown, depth: number): string => {
    if (depth > MAX_DEPTH) return '"[too deep]"';
    if (v === null || typeof v === 'boolean') return JSON.stringify(v);
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'bigint') return JSON.stringify(v.toString());
    if (Array.isArray(v)) return `[${v.map((x) => (x === undefined || typeof x === 'function' ? 'null' : walk(x, depth + 1))).join(',')}]`;
    if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${walk(x, depth + 1)}`).join(',')}}`;
    }
    return 'null';
  };
  return walk(value, 0);
}
