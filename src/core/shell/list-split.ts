// The grammar's parse time grows faster than the line when pipelines stand in a long `&&` list
// (about 30 µs per command at ten, 70 µs at a hundred), and a whole list of simple commands is one
// deep tree to walk. A line that is a list (`&&`, `||`, `;`, `&`, newlines) of simple commands and
// pipelines is split at its top-level operators here, and each part is analysed on its own: the
// same commands, in the same order, reading the same input. Anything this scanner does not fully
// understand (groups, here-documents, comments, backquotes, `case`) is left to the grammar whole;
// subshells, substitutions and `if`, `for`, `select`, `while` and `until` commands stay whole
// inside their part.

const RESERVED_START = /^\s*(?:!|\{|\}|then|else|elif|fi|case|esac|do|done|in|function|time|coproc|\[\[)(?:\s|$)/;
/** Reserved words that open, continue or close a compound command where a command name may stand. */
const KEYWORD = /(?:if|then|else|elif|fi|for|select|while|until|do|done|\[\[)(?=[\s;&|()<>]|$)/y;
/** Characters that end a word (or stand between words) at the top level. */
const BETWEEN_WORDS = /[\s;&|<>()]/;
const CASE_WORD = /(?:^|[\s;&|(])case(?:\s|$)/;

/** Deepest nesting of substitutions in strings followed here; deeper lines are left to the grammar. */
const MAX_QUOTED_NESTING = 16;

/**
 * Index of the `"` closing a double-quoted string whose body starts at `from`, or -1 (also when
 * it holds a backquote, or a substitution this scanner does not follow).
 */
function closingDoubleQuote(line: string, from: number, nesting = 0): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') { i++; continue; }
    if (c === '`') return -1;
    if (c === '$' && line[i + 1] === '(') {
      const close = closingSubstitution(line, i + 2, nesting + 1);
      if (close === -1) return -1;
      i = close;
      continue;
    }
    if (c === '"') return i;
  }
  return -1;
}

/**
 * Index of the `)` closing a `$(` whose body starts at `from`, or -1 when the body holds what this
 * scanner does not follow (arithmetic, backquotes, comments, here-documents, `${…}`).
 */
function closingSubstitution(line: string, from: number, nesting: number): number {
  if (nesting > MAX_QUOTED_NESTING || line[from] === '(') return -1;
  let parens = 0;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') { i++; continue; }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close === -1) return -1;
      i = close;
      continue;
    }
    if (c === '"') {
      const close = closingDoubleQuote(line, i + 1, nesting);
      if (close === -1) return -1;
      i = close;
      continue;
    }
    if (c === '`' || c === '#' || (c === '$' && line[i + 1] === '{') || (c === '<' && line[i + 1] === '<' && line[i + 2] !== '<')) return -1;
    if (c === '$' && line[i + 1] === '(') {
      const close = closingSubstitution(line, i + 2, nesting + 1);
      if (close === -1) return -1;
      i = close;
      continue;
    }
    if (c === '(') parens++;
    else if (c === ')') {
      if (parens === 0) return i;
      parens--;
    }
  }
  return -1;
}

const wordStart = (line: string, i: number): boolean => i === 0 || /[\s;&|<>]/.test(line[i - 1]!);

/** The parts of a line that is a list of two or more simple commands or pipelines, or null. */
export function listSegments(line: string): string[] | null {
  if (!/[;&\n|]/.test(line) || CASE_WORD.test(line)) return null;
  const parts: string[] = [];
  let start = 0;
  let depth = 0; // inside $( … )
  /** The operator that ended the part before the current one. */
  let before: string | null = null;
  /** Open `if`, `for`, `select`, `while` and `until` commands: their operators do not end a part. */
  let compound = 0;
  /** Whether the next word stands where a command name (or a reserved word) may. */
  let atCommand = true;
  /** Ends the part before `at`: true when it was, false when the line is not a plain list, null to go on (a pipe continues). */
  const end = (at: number, op: string): boolean | null => {
    atCommand = true;
    const part = line.slice(start, at);
    if (part.trim() === '') {
      // A newline after && or || continues the list; a blank line is nothing; an empty part before an operator is an error.
      return op === '\n';
    }
    if (op === '\n' && /\|\s*$/.test(part)) return null; // a pipe continues on the next line
    parts.push(part);
    before = op;
    return true;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (atCommand && depth === 0 && !BETWEEN_WORDS.test(c)) {
      atCommand = false;
      KEYWORD.lastIndex = i;
      const keyword = KEYWORD.exec(line)?.[0];
      if (keyword !== undefined) {
        if (keyword === '[[') return null; // its && and || are not list operators
        if (keyword === 'if' || keyword === 'while' || keyword === 'until' || keyword === 'for' || keyword === 'select') compound++;
        else if (compound === 0) return null; // then, else, elif, fi, do, done outside what they belong to
        else if (keyword === 'fi' || keyword === 'done') compound--;
        // After these a command follows; after `for` and `select` a name, after `fi` and `done` an operator.
        atCommand = keyword !== 'for' && keyword !== 'select' && keyword !== 'fi' && keyword !== 'done';
        i += keyword.length - 1;
        continue;
      }
    }
    if (c === '\\') { i++; continue; }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close === -1) return null;
      i = close;
      continue;
    }
    if (c === '"') {
      const close = closingDoubleQuote(line, i + 1);
      if (close === -1) return null;
      i = close;
      continue;
    }
    if (c === '`' || c === '\r') return null;
    if (c === '$' && line[i + 1] === '(') {
      if (line[i + 2] === '(') return null; // arithmetic
      depth++;
      i++;
      continue;
    }
    if (c === '$' && line[i + 1] === '{') {
      const close = line.indexOf('}', i + 2);
      if (close === -1 || /[;&|\n`'"$({]/.test(line.slice(i + 2, close))) return null;
      i = close;
      continue;
    }
    if (c === '(') {
      // A subshell or process substitution stays whole inside its part, as $( … ) does; `((`,
      // `f()` and anything else are left to the grammar.
      if (line[i + 1] === '(' || !(wordStart(line, i) || line[i - 1] === '<' || line[i - 1] === '>')) return null;
      depth++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) return null;
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (c === '|' || c === '\n') atCommand = true;
    // Groups (`{` and `}` as words of their own; `{}` is a plain word) and comments.
    if (c === '{' && wordStart(line, i) && (i + 1 === line.length || /\s/.test(line[i + 1]!))) return null;
    if (c === '}' && wordStart(line, i) && (i + 1 === line.length || /[\s;&|)]/.test(line[i + 1]!))) return null;
    if (c === '#' && wordStart(line, i)) return null;
    if (c === '<' && line[i + 1] === '<') {
      if (line[i + 2] !== '<') return null; // a here-document's body spans lines
      i += 2; // a here-string is one word
      continue;
    }
    if (compound > 0) {
      // Inside a compound command operators separate its own commands: the part goes on.
      if (c === ';' && (line[i + 1] === ';' || line[i + 1] === '&')) return null; // case terminators
      if (c === '&' && (line[i + 1] === '>' || line[i - 1] === '>' || line[i - 1] === '<')) continue; // &> >& <&
      if (c === ';' || c === '&') atCommand = true;
      if ((c === '&' || c === '|') && line[i + 1] === c) i++;
      continue;
    }
    if (c === ';') {
      if (line[i + 1] === ';' || line[i + 1] === '&') return null; // case terminators
      if (!end(i, ';')) return null;
      start = i + 1;
    } else if (c === '&') {
      if (line[i + 1] === '&') {
        if (!end(i, '&&')) return null;
        start = i + 2;
        i++;
      } else if (line[i + 1] === '>' || line[i - 1] === '>' || line[i - 1] === '<' || line[i - 1] === '|') {
        continue; // &> >& <& |&
      } else {
        if (!end(i, '&')) return null;
        start = i + 1;
      }
    } else if (c === '|' && line[i + 1] === '|') {
      if (!end(i, '||')) return null;
      start = i + 2;
      i++;
    } else if (c === '\n') {
      const ended = end(i, '\n');
      if (ended === false) return null;
      if (ended) start = i + 1;
    }
  }
  if (depth !== 0 || compound !== 0) return null;
  const rest = line.slice(start);
  if (rest.trim() !== '') parts.push(rest);
  else if (before === '&&' || before === '||' || /\|\s*$/.test(parts.at(-1) ?? '')) return null; // a list cannot end in && or ||
  if (parts.length < 2 || parts.some((p) => RESERVED_START.test(p))) return null;
  return parts;
}
