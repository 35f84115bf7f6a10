// Lines made only of plain words, quoted text without expansions and list or pipe operators
// (`cd app && git commit -m "fix it" | tail`) mean the same to every shell: no expansion, globbing,
// redirection or comments. They are split here without the grammar, which is both slower and, on a
// few plain words, wrong (`a%b`, `=~`).
import type { Word } from './types.js';

/** A run of plain word characters, read at once. */
const WORD_RUN = /[A-Za-z0-9_\-./:,@+%^~=]+/y;
/**
 * Characters a line of plain words may hold, any text inside quotes aside (it is literal, and what
 * double quotes hold is checked as it is read, as are newlines, allowed only inside quotes).
 */
const PLAIN = /^(?:[A-Za-z0-9_\-./:,@+%^~= \t\n|&;\\{}]|'[^']*'|"[^"]*")*$/;
/** Inside double quotes nothing may expand or be escaped (`$`, backquote, backslash, `!`). */
const EXPANDS = /[$`\\!]/;
const SINGLE = 39, DOUBLE = 34, BACKSLASH = 92, OPEN_BRACE = 123, CLOSE_BRACE = 125, SPACE = 32, TAB = 9, PIPE = 124, AMPERSAND = 38, SEMICOLON = 59;
const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
const RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', 'coproc']);

/** One stage: its text as written and its words. */
export interface PlainStage { readonly text: string; readonly argv: readonly Word[] }
/** One pipeline of a plain list: its stages, first to last. */
export type PlainPipeline = readonly PlainStage[];

/** A word as written (`raw`, quotes included) and as the command sees it (`text`). */
interface RawWord { raw: string; text: string }

function plainWords(words: readonly RawWord[]): Word[] | null {
  const first = words[0];
  // `X=1 cmd` assigns; reserved words start compound commands; the grammar reads `=~`, `==` as
  // operators and drops a leading `-` word: leave those lines to it, so both readings agree.
  if (first === undefined || first.text === '' || first.raw.includes('=') || first.raw.startsWith('-') || first.raw.startsWith('{') || RESERVED_WORDS.has(first.raw) || RESERVED_WORDS.has(first.text)) return null;
  if (words.some((w) => w.raw.startsWith('='))) return null;
  // Assignments given to declaration builtins can hold commands (`export GIT_PAGER=…`): the
  // grammar's reading finds them.
  if (DECLARATIONS.has(first.text) && words.some((w) => w.raw.includes('='))) return null;
  return words.map((w) => ({ kind: 'literal', text: w.text }));
}

/** The segments between list and pipe operators, each with its words and the operator after it. */
function segments(line: string): { text: string; words: RawWord[]; op: string | undefined }[] | null {
  const out: { text: string; words: RawWord[]; op: string | undefined }[] = [];
  let words: RawWord[] = [];
  // The word being read: where it starts, and its text once a quote or escape made it differ from
  // what is written (until then the text is the written slice, taken once the word ends).
  let wordStart = -1;
  let text: string | null = null;
  let start = 0;
  const end = (at: number): void => {
    if (wordStart === -1) return;
    const raw = line.slice(wordStart, at);
    words.push({ raw, text: text ?? raw });
    wordStart = -1;
    text = null;
  };
  /** The text so far of a word that is about to differ from what is written. */
  const textSoFar = (at: number): string => text ?? (wordStart === -1 ? '' : line.slice(wordStart, at));
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === SINGLE || c === DOUBLE) {
      const close = line.indexOf(c === SINGLE ? "'" : '"', i + 1);
      if (close === -1) return null;
      const inner = line.slice(i + 1, close);
      if (c === DOUBLE && EXPANDS.test(inner)) return null;
      text = textSoFar(i) + inner;
      if (wordStart === -1) wordStart = i;
      i = close;
    } else if (c === BACKSLASH) {
      // An escaped character stands for itself (`\git`, `-exec rm {} \;`); backslash-newline joins lines: the grammar's.
      const next = line.charAt(i + 1);
      if (next === '' || next === '\n') return null;
      // A word that starts with an escaped blank (`git \ push`): the grammar drops the blank, bash
      // keeps it. Leave the line to the grammar so every line gets one reading whichever path it takes.
      if (wordStart === -1 && (next === ' ' || next === '\t')) return null;
      text = textSoFar(i) + next;
      if (wordStart === -1) wordStart = i;
      i++;
    } else if (c === OPEN_BRACE && line.charCodeAt(i + 1) === CLOSE_BRACE && wordStart === -1 && /^[\s|&;]?$/.test(line.charAt(i + 2))) {
      // `{}` alone (find -exec, xargs -I) expands to nothing else; other braces are the grammar's.
      wordStart = i;
      i++;
    } else if (c === SPACE || c === TAB) end(i);
    else if (c === PIPE || c === AMPERSAND || c === SEMICOLON) {
      end(i);
      const next = line.charCodeAt(i + 1);
      const op = c === PIPE && next === PIPE ? '||' : c === AMPERSAND && next === AMPERSAND ? '&&' : line.charAt(i);
      out.push({ text: line.slice(start, i).trim(), words, op });
      words = [];
      i += op.length - 1;
      start = i + 1;
    } else {
      WORD_RUN.lastIndex = i;
      if (!WORD_RUN.test(line)) return null; // test, not exec: no match array per word
      if (text !== null) text += line.slice(i, WORD_RUN.lastIndex);
      if (wordStart === -1) wordStart = i;
      i = WORD_RUN.lastIndex - 1;
    }
  }
  end(line.length);
  out.push({ text: line.slice(start).trim(), words, op: undefined });
  return out;
}

/** The pipelines of a plain list in order, or null when the line needs the parser. */
export function plainList(line: string): PlainPipeline[] | null {
  // `|&` is left to the grammar, which gives it a precedence of its own.
  if (!PLAIN.test(line) || line.includes('|&')) return null;
  const pieces = segments(line);
  if (pieces === null) return null;
  const pipelines: PlainStage[][] = [];
  let current: PlainStage[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const { text, words: raw, op } = pieces[i]!;
    const last = op === undefined;
    if (raw.length === 0) {
      // Only a trailing `;` or `&` may leave nothing after it.
      const before = pieces[i - 1]?.op;
      if (last && i > 0 && (before === ';' || before === '&')) break;
      return null;
    }
    const words = plainWords(raw);
    if (words === null) return null;
    current.push({ text, argv: words });
    if (op === '|') continue;
    pipelines.push(current);
    current = [];
  }
  if (current.length) return null; // a line cannot end in a pipe
  return pipelines.length ? pipelines : null;
}
