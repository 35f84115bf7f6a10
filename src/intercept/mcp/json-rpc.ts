// JSON-RPC 2.0 as MCP uses it: what kind of message a decoded value is, ids as map keys, the
// error responses the proxy writes itself, and an id read back from text that is not JSON.

export type JsonRpcId = string | number | null;

/** Error codes the proxy answers with. */
export const PARSE_ERROR = -32700;
/** A call refused by policy: the code MCP proxies use for blocked calls. */
export const BLOCKED = -32600;
export const INTERNAL_ERROR = -32603;

export type Message =
  | { readonly kind: 'request'; readonly id: JsonRpcId; readonly method: string; readonly params: unknown }
  | { readonly kind: 'notification'; readonly method: string; readonly params: unknown }
  | { readonly kind: 'response'; readonly id: JsonRpcId; readonly result: unknown; readonly error: unknown }
  /** Valid JSON that no JSON-RPC peer would take for a message. */
  | { readonly kind: 'other' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is JsonRpcId => typeof v === 'string' || typeof v === 'number' || v === null;

/**
 * Classifies leniently, as the most forgiving server would read it: a missing or wrong `jsonrpc`
 * field does not stop an object with a method from being a request.
 */
export function classify(value: unknown): Message {
  if (!isRecord(value)) return { kind: 'other' };
  const { method } = value;
  if (typeof method === 'string') {
    if ('id' in value) return { kind: 'request', id: isId(value.id) ? value.id : null, method, params: value.params };
    return { kind: 'notification', method, params: value.params };
  }
  if ('id' in value && ('result' in value || 'error' in value)) return { kind: 'response', id: isId(value.id) ? value.id : null, result: value.result, error: value.error };
  return { kind: 'other' };
}

/** A map key for an id: 1 and "1" are different requests. */
export const idKey = (id: JsonRpcId): string => (typeof id === 'string' ? `s:${id}` : `${typeof id}:${String(id)}`);

export function errorObject(id: JsonRpcId, code: number, message: string): { jsonrpc: '2.0'; id: JsonRpcId; error: { code: number; message: string } } {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/** One error response, as a line ready to write. */
export const errorLine = (id: JsonRpcId, code: number, message: string): string => `${JSON.stringify(errorObject(id, code, message))}\n`;

const ID_IN_TEXT = /"id"\s*:\s*(-?\d{1,16}(?![\d.eE])|"(?:[^"\\\n]|\\.){0,256}")/g;

/**
 * The request id in text that is not JSON (or was cut short), when exactly one plain `"id":`
 * member can be found; undefined when there is none or more than one candidate.
 */
export function recoverId(text: string): Exclude<JsonRpcId, null> | undefined {
  const found = new Set<string>();
  for (const m of text.matchAll(ID_IN_TEXT)) found.add(m[1]!);
  if (found.size !== 1) return undefined;
  const [only] = found;
  try {
    const v = JSON.parse(only!) as unknown;
    return typeof v === 'string' || typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}
