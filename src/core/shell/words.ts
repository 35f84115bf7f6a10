// Turns a tree-sitter argument node into the words bash would pass to the program.
import type { Node } from 'web-tree-sitter';
import { expandBraces } from './brace-expansion.js';
import { decodeAnsiC, unescapeDoubleQuoted, unescapeUnquoted } from './escapes.js';
import type { Word } from './types.js';

interface Segment {
  readonly text: string;
  readonly quoted: boolean;
  /** Null when static; otherwise whether the dynamic part is unquoted (so may split). */
  readonly dynamic: null | { readonly split: boolean };
  /** Raw unquoted text kept for brace and glob detection. */
  readonly raw: string;
}

const DYNAMIC_TYPES = new Set([
  'simple_expansion', 'expansion', 'command_substitution', 'arithmetic_expansion', 'process_substitution',
]);

/** An unquoted glob makes a word depend on the file system, so it is not a static value. */
function hasGlob(raw: string): boolean {
  if (/(^|[^\\])[*?]/.test(raw)) return true;
  return /(^|[^\\])\[[^\]]+\]/.test(raw);
}

function segments(node: Node, out: Segment[]): void {
  const type = node.type;
  if (type === 'word' || type === 'number' || type === 'brace_expression') {
    out.push({ text: unescapeUnquoted(node.text), quoted: false, dynamic: null, raw: node.text });
  } else if (type === 'raw_string') {
    out.push({ text: node.text.slice(1, -1), quoted: true, dynamic: null, raw: '' });
  } else if (type === 'ansi_c_string') {
    out.push({ text: decodeAnsiC(node.text.slice(2, -1)), quoted: true, dynamic: null, raw: '' });
  } else if (type === 'string' || type === 'translated_string') {
    const inner = node.text.slice(type === 'string' ? 1 : 2, -1);
    let dynamic = false;
    for (let i = 0; i < node.namedChildCount; i++) {
      const child = node.namedChild(i);
      if (child && child.type !== 'string_content') dynamic = true;
    }
    out.push({ text: dynamic ? inner : unescapeDoubleQuoted(inner), quoted: true, dynamic: dynamic ? { split: false } : null, raw: '' });
  } else if (type === 'concatenation') {
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (child) segments(child, out);
    }
  } else if (DYNAMIC_TYPES.has(type)) {
    out.push({ text: node.text, quoted: false, dynamic: { split: type !== 'process_substitution' }, raw: node.text });
  } else {
    // Anything else (unusual syntax) is not trusted as a static value.
    out.push({ text: node.text, quoted: false, dynamic: { split: true }, raw: node.text });
  }
}

/** The words one argument node produces (brace expansion can make several). */
export function wordsOf(node: Node, maxBraceExpansion: number): Word[] {
  const parts: Segment[] = [];
  segments(node, parts);
  const text = parts.map((p) => p.text).join('');
  const dynamicParts = parts.filter((p) => p.dynamic !== null);
  if (dynamicParts.length > 0) {
    return [{ kind: 'dynamic', text: node.text, split: dynamicParts.some((p) => p.dynamic?.split) }];
  }
  const unquotedRaw = parts.filter((p) => !p.quoted).map((p) => p.raw).join('');
  if (hasGlob(unquotedRaw)) return [{ kind: 'dynamic', text, split: true }];
  if (!unquotedRaw.includes('{') || unquotedRaw.includes('\\')) return [{ kind: 'literal', text }];

  // Brace expansion applies to unquoted braces only: protect quoted segments with placeholders.
  const quoted: string[] = [];
  const masked = parts.map((p) => (p.quoted ? `\u0000${quoted.push(p.text) - 1}\u0000` : p.text)).join('');
  const expanded = expandBraces(masked, maxBraceExpansion);
  if (expanded === null) return [{ kind: 'dynamic', text, split: true }];
  return expanded.map((w) => ({
    kind: 'literal',
    text: w.replace(/\u0000(\d+)\u0000/g, (_, i: string) => quoted[Number(i)] ?? ''),
  }));
}
