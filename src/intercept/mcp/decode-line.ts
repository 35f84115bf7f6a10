// One line of the stdio stream, decoded: a message, a batch of them, or not JSON at all. The
// judge sees the decoded values; `plain` says whether the raw bytes mean exactly those values to
// every parser (valid UTF-8, no duplicate keys). When they do not, the proxy forwards the values
// re-encoded instead of the bytes, so the peer reads what was judged.
import { isUtf8 } from 'node:buffer';
import { recoverId, type JsonRpcId } from './json-rpc.js';
import { hasDuplicateKeys, scanJson } from './json-scan.js';

export type DecodedLine =
  | { readonly kind: 'single'; readonly value: unknown; readonly plain: boolean }
  | {
      readonly kind: 'batch';
      readonly items: readonly unknown[];
      /** The text of each element as written, for forwarding part of a batch unchanged. */
      readonly texts: readonly string[];
      readonly plain: boolean;
    }
  | { readonly kind: 'invalid'; readonly error: string; readonly id: Exclude<JsonRpcId, null> | undefined };

export function decodeLine(raw: Buffer): DecodedLine {
  const text = raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { kind: 'invalid', error: (error as Error).message.slice(0, 200), id: recoverId(text.length > 8192 ? `${text.slice(0, 4096)}\n${text.slice(-4096)}` : text) };
  }
  const utf8 = isUtf8(raw);
  // Only text that can hold an object can hold a duplicate key; a batch is scanned for where its elements are as well.
  if (!Array.isArray(value)) return { kind: 'single', value, plain: utf8 && !(typeof value === 'object' && value !== null && hasDuplicateKeys(text, value)) };
  const scan = scanJson(text);
  const plain = utf8 && !scan.duplicateKeys;
  const elements = scan.elements;
  const texts = elements.length === value.length ? elements.map(([s, e]) => text.slice(s, e)) : value.map((v) => JSON.stringify(v));
  return { kind: 'batch', items: value, texts, plain };
}
