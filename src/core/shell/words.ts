// Turns a tree-sitter argument node into the words bash would pass to the program.
import { expandBraces } from './brace-expansion.js';
import { decodeAnsiC, unescapeDoubleQuoted, unescapeUnquoted } from './escapes.js';
import type { SyntaxNode } from './syntax-tree.js';
import type { Word } from './types.js';

/** Shared by every word of one analysis: limits, and where to say that a word was not computed. */
export interface WordContext {
  /** Most words one brace expansion may produce. */
  readonly maxBraceExpansion: number;
  /** Words brace expansion may still produce in this analysis. */
  braceBudget: number;
  readonly problems: string[];
}

export function wordContext(maxBraceExpansion: number, braceBudget: number, problems: string[] = []): WordContext {
  return { maxBraceExpansion, braceBudget, problems };
}

interface Segment {
  readonly text: string;
  readonly quoted: boolean;
  /** Null when static; otherwise whether the dynamic part is unquoted (so may split). */
  readonly dynamic: null | { readonly split: boolean };
  /** Raw unquoted text kept for brace and glob detection. */
  readonly raw: string;
}

const MAX_DYNAMIC_TEXT = 1024;

const DYNAMIC_TYPES = new Set([
  'simple_expansion', 'expansion', 'command_substitution', 'arithmetic_expansion', 'process_substitution',
]);

/** `"$@"`, `"${a[@]}"`, `"${!a[@]}"`: quoted, yet one word per element. */
const EXPANDS_TO_MANY = /^\$(?:@|\{!?(?:@|[A-Za-z_][A-Za-z0-9_]*\[@\]))/;

/** An unquoted glob makes a word depend on the file system, so it is not a static value. */
function hasGlob(raw: string): boolean {
  if (/(^|[^\\])[*?]/.test(raw)) return true;
  return /(^|[^\\])\[[^\]]+\]/.test(raw);
}

/** The quote-removed text before a glob's first unquoted pattern character. */
function globPrefix(parts: readonly Segment[]): string {
  let prefix = '';
  for (const p of parts) {
    if (p.quoted) { prefix += p.text; continue; }
    const at = p.raw.search(/(^|[^\\])[*?[]/);
    if (at === -1) { prefix += p.text; continue; }
    const cut = p.raw.charAt(at) === '*' || p.raw.charAt(at) === '?' || p.raw.charAt(at) === '[' ? at : at + 1;
    return prefix + unescapeUnquoted(p.raw.slice(0, cut));
  }
  return prefix;
}

function stringSegment(node: SyntaxNode): Segment {
  const inner = node.text.slice(1, -1);
  let dynamic = false;
  let split = false;
  for (const child of node.namedChildren) {
    if (!child || child.type === 'string_content') continue;
    dynamic = true;
    if (EXPANDS_TO_MANY.test(child.text)) split = true;
  }
  return { text: dynamic ? inner : unescapeDoubleQuoted(inner), quoted: true, dynamic: dynamic ? { split } : null, raw: '' };
}

function segments(node: SyntaxNode, out: Segment[]): void {
  const type = node.type;
  if (type === 'word' || type === 'number' || type === 'brace_expression') {
    out.push({ text: unescapeUnquoted(node.text), quoted: false, dynamic: null, raw: node.text });
  } else if (type === 'raw_string') {
    out.push({ text: node.text.slice(1, -1), quoted: true, dynamic: null, raw: '' });
  } else if (type === 'ansi_c_string') {
    out.push({ text: decodeAnsiC(node.text.slice(2, -1)), quoted: true, dynamic: null, raw: '' });
  } else if (type === 'string') {
    out.push(stringSegment(node));
  } else if (type === 'translated_string') { // $"…": a double-quoted string looked up in a message catalogue
    const inner = node.namedChildren.find((c) => c?.type === 'string');
    out.push(inner ? stringSegment(inner) : { text: node.text, quoted: true, dynamic: { split: false }, raw: '' });
  } else if (type === 'concatenation') {
    for (const child of node.children) if (child) segments(child, out);
  } else if (DYNAMIC_TYPES.has(type)) {
    out.push({ text: node.text, quoted: false, dynamic: { split: type !== 'process_substitution' }, raw: node.text });
  } else {
    // Anything else (unusual syntax) is not trusted as a static value.
    out.push({ text: node.text, quoted: false, dynamic: { split: true }, raw: node.text });
  }
}

/** The words one argument node produces (brace expansion can make several). */
export function wordsOf(node: SyntaxNode, ctx: WordContext): Word[] {
  const parts: Segment[] = [];
  segments(node, parts);
  const text = parts.map((p) => p.text).join('');
  const dynamicParts = parts.filter((p) => p.dynamic !== null);
  if (dynamicParts.length > 0) {
    // The text of a dynamic word is for people to read; a very long one is clipped.
    const raw = node.text;
    const shown = raw.length > MAX_DYNAMIC_TEXT ? `${raw.slice(0, MAX_DYNAMIC_TEXT - 3)}...` : raw;
    return [{ kind: 'dynamic', text: shown, split: dynamicParts.some((p) => p.dynamic?.split) }];
  }
  const unquotedRaw = parts.filter((p) => !p.quoted).map((p) => p.raw).join('');
  if (hasGlob(unquotedRaw)) return [{ kind: 'dynamic', text, split: true, prefix: globPrefix(parts) }];
  if (!unquotedRaw.includes('{') || unquotedRaw.includes('\\')) return [{ kind: 'literal', text }];

  // Brace expansion applies to unquoted braces only: protect quoted segments with placeholders.
  const quoted: string[] = [];
  const masked = parts.map((p) => (p.quoted ? `\u0000${quoted.push(p.text) - 1}\u0000` : p.text)).join('');
  const expanded = expandBraces(masked, Math.max(1, Math.min(ctx.maxBraceExpansion, ctx.braceBudget)));
  if (expanded === null) {
    const clipped = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    ctx.problems.push(`the brace expansion ${clipped} makes more words than can be analysed`);
    return [{ kind: 'dynamic', text, split: true }];
  }
  ctx.braceBudget -= expanded.length;
  return expanded.map((w) => ({
    kind: 'literal',
    // eslint-disable-next-line no-control-regex -- NUL never occurs in an analysed line, so it marks quoted parts safely
    text: w.replace(/\u0000(\d+)\u0000/g, (_, i: string) => quoted[Number(i)] ?? ''),
  }));
}

/**
 * Bodies of backquoted substitutions in text the grammar left as a plain word (it does so inside
 * `${x:-`…`}`). Bash runs them all the same. Null when the text has none.
 */
export function backquotedBodies(text: string): string[] | null {
  if (!text.includes('`')) return null;
  const bodies: string[] = [];
  let body: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\' && i + 1 < text.length) {
      const next = text.charAt(++i);
      if (body !== null) body += '$`\\'.includes(next) ? next : `\\${next}`;
    } else if (c === '`') {
      if (body === null) body = '';
      else { bodies.push(body); body = null; }
    } else if (body !== null) body += c;
  }
  if (body !== null) bodies.push(body); // unterminated: bash reports an error, but judge what is there
  return bodies.length ? bodies : null;
}
