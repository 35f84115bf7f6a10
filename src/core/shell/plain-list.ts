// Lines made only of plain words and list or pipe operators (`cd app && npm ci | tail`) mean the
// same to every shell: no quoting, expansion, globbing, redirection or comments. They are split
// here without the grammar, which is both slower and, on a few plain words, wrong (`a%b`, `=~`).
import type { Word } from './types.js';

const PLAIN = /^[A-Za-z0-9_\-./:,@+%^~= \t|&;]*$/;
const OPERATOR = /(\|\||&&|\||;|&)/;
const RESERVED_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', 'coproc']);

/** One stage: its text as written and its words. */
export interface PlainStage { readonly text: string; readonly argv: readonly Word[] }
/** One pipeline of a plain list: its stages, first to last. */
export type PlainPipeline = readonly PlainStage[];

function plainWords(segment: string): Word[] | null {
  const words = segment.split(/[ \t]+/).filter((w) => w !== '');
  const first = words[0];
  // `X=1 cmd` assigns; reserved words start compound commands; the grammar reads `=~`, `==` as
  // operators and drops a leading `-` word: leave those lines to it, so both readings agree.
  if (first === undefined || first.includes('=') || first.startsWith('-') || RESERVED_WORDS.has(first) || words.some((w) => w.startsWith('='))) return null;
  return words.map((text) => ({ kind: 'literal', text }));
}

/** The pipelines of a plain list in order, or null when the line needs the parser. */
export function plainList(line: string): PlainPipeline[] | null {
  // `|&` is left to the grammar, which gives it a precedence of its own.
  if (!PLAIN.test(line) || line.includes('|&')) return null;
  const pieces = line.split(OPERATOR);
  const pipelines: PlainStage[][] = [];
  let current: PlainStage[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const segment = pieces[i]!;
    const op = pieces[i + 1];
    const last = op === undefined;
    if (segment.trim() === '') {
      // Only a trailing `;` or `&` may leave nothing after it.
      if (last && i > 0 && (pieces[i - 1] === ';' || pieces[i - 1] === '&')) break;
      return null;
    }
    const words = plainWords(segment);
    if (words === null) return null;
    current.push({ text: segment.trim(), argv: words });
    if (op === '|') continue;
    pipelines.push(current);
    current = [];
  }
  if (current.length) return null; // a line cannot end in a pipe
  return pipelines.length ? pipelines : null;
}
