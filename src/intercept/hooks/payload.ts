// Reading a hook payload as hostile input: size-checked JSON, own fields only, types checked.
import type { HookErrorCode, HookParseFailure, HookParseResult, HookPhase } from './types.js';

/** stdin beyond this is refused: a file read or a tool result is far smaller. */
export const MAX_PAYLOAD_CHARS = 16 * 1024 * 1024;
/** More targets than this in one call (URLs in a prompt, files in a patch) is refused. */
export const MAX_EVENTS = 64;

export type JsonObject = Readonly<Record<string, unknown>>;

/** Thrown inside an adapter, turned into a HookParseFailure at its edge. */
export class PayloadError extends Error {
  constructor(
    readonly code: HookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The payload as an object: stdin text is parsed, an object is taken as it is. */
export function readPayload(payload: unknown): JsonObject {
  let value = payload;
  if (typeof payload === 'string') {
    if (payload.length > MAX_PAYLOAD_CHARS) {
      throw new PayloadError('too_large', `hook payload of ${payload.length} characters is over the ${MAX_PAYLOAD_CHARS} limit`);
    }
    if (payload.trim() === '') throw new PayloadError('malformed', 'hook payload is empty');
    try {
      value = JSON.parse(payload) as unknown;
    } catch (error) {
      throw new PayloadError('malformed', `hook payload is not JSON: ${messageOf(error)}`);
    }
  }
  if (!isObject(value)) throw new PayloadError('malformed', `hook payload must be a JSON object, not ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** An own field: inherited names (`constructor`, `__proto__`) are never read. */
export const field = (obj: JsonObject, key: string): unknown => (Object.hasOwn(obj, key) ? obj[key] : undefined);

export function optString(obj: JsonObject, key: string): string | undefined {
  const value = field(obj, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new PayloadError('malformed', `field "${key}" must be a string, not ${describe(value)}`);
  return value;
}

/** The first of several spellings of a field that is present. */
export function firstString(obj: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = optString(obj, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function requireString(obj: JsonObject, keys: readonly string[], what: string): string {
  const value = firstString(obj, keys);
  if (value === undefined || value.trim() === '') {
    throw new PayloadError('missing_field', `${what} has no ${keys.map((k) => `"${k}"`).join(' or ')}`);
  }
  return value;
}

export function optObject(obj: JsonObject, key: string): JsonObject | undefined {
  const value = field(obj, key);
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new PayloadError('malformed', `field "${key}" must be an object, not ${describe(value)}`);
  return value;
}

export function optStringArray(obj: JsonObject, key: string): readonly string[] {
  const value = field(obj, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new PayloadError('malformed', `field "${key}" must be an array of strings`);
  }
  if (value.length > MAX_EVENTS) throw new PayloadError('too_large', `field "${key}" lists ${value.length} entries, over the ${MAX_EVENTS} limit`);
  return value;
}

/** Tool arguments sent as a JSON string (Cursor, Copilot CLI) or as an object. */
export function argumentsValue(obj: JsonObject, key: string): JsonObject {
  const value = field(obj, key);
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      throw new PayloadError('malformed', `field "${key}" is a string but not JSON`);
    }
    if (!isObject(parsed)) throw new PayloadError('malformed', `field "${key}" must hold a JSON object`);
    return parsed;
  }
  if (!isObject(value)) throw new PayloadError('malformed', `field "${key}" must be an object, not ${describe(value)}`);
  return value;
}

export function checkCount<T>(items: readonly T[], what: string): readonly T[] {
  if (items.length > MAX_EVENTS) throw new PayloadError('too_large', `${what}: ${items.length} targets, over the ${MAX_EVENTS} limit`);
  return items;
}

/** What an adapter learnt of the payload before it failed, so the caller can still answer in kind. */
export interface Seen {
  phase?: HookPhase;
  hookEvent?: string;
}

/**
 * Runs an adapter's reading of a payload so that nothing escapes: its own refusals keep their code,
 * anything else (a defect, a hostile object's getter) is reported as an internal error.
 */
export function guarded(read: (seen: Seen) => HookParseResult): HookParseResult {
  const seen: Seen = {};
  try {
    return read(seen);
  } catch (error) {
    const failure: HookParseFailure =
      error instanceof PayloadError
        ? { kind: 'error', code: error.code, message: error.message }
        : { kind: 'error', code: 'internal', message: `hook payload could not be read: ${messageOf(error)}` };
    return {
      ...failure,
      ...(seen.phase !== undefined ? { phase: seen.phase } : {}),
      ...(seen.hookEvent !== undefined ? { hookEvent: seen.hookEvent } : {}),
    };
  }
}

/** A thrown value's message; a hostile value's own getters may throw too. */
function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unreadable error';
  }
}
