// Every value of a tool call's arguments, as any program down the line might read it: the
// decoded values (nested containers, JSON in strings, URL escapes) plus HTML entities,
// backslash escapes and Unicode compatibility forms, layered in any order. No value is skipped
// for its size: a 5 MB string is searched whole.
import { decodedValues, type DecodedValue, type DecodeLimits } from '../values/decoded-values.js';
import { textDecoded } from './text-decoders.js';

/** Deep enough for 50 levels of objects holding arrays; the walk uses no call stack, so depth costs little. */
export const ARGUMENT_LIMITS: DecodeLimits = { maxDepth: 128, maxValues: 100_000 };
/** Decoding layers applied on top of what decodedValues undoes (`&amp;lt;` is two). */
const MAX_LAYERS = 4;

export interface ArgumentValues {
  readonly values: readonly DecodedValue[];
  /** Some value lay past the depth or count limit and was not looked at. */
  readonly truncated: boolean;
}

export function argumentValues(root: unknown, limits: DecodeLimits = ARGUMENT_LIMITS): ArgumentValues {
  const first = decodedValues(root, limits);
  const values: DecodedValue[] = [...first.values];
  let truncated = first.truncated;
  const layer = new Map<DecodedValue, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const depth = layer.get(v) ?? 0;
    if (depth >= MAX_LAYERS) continue;
    const decoded = textDecoded(v.value);
    if (decoded === null) continue;
    const room = limits.maxValues - values.length;
    const inner = decodedValues(decoded, { maxDepth: Math.max(0, limits.maxDepth - v.path.length), maxValues: Math.max(0, room) });
    truncated ||= inner.truncated;
    for (const w of inner.values) {
      const found: DecodedValue = { path: [...v.path, ...w.path], key: w.path.length > 0 ? w.key : v.key, value: w.value };
      layer.set(found, depth + 1);
      values.push(found);
    }
  }
  return { values, truncated };
}
