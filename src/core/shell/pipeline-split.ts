// The grammar's parse time grows steeply with the number of stages of one pipeline (hundreds of
// microseconds at five `|`), while each stage alone parses in a few. A line that is nothing but a
// pipeline of simple stages is split at its top-level `|` here and each stage parsed on its own.
// Anything this scanner does not fully understand is left to the grammar whole.

/** Stages of a line that is one top-level pipeline, or null to parse the line as a whole. */
export function pipelineStages(line: string): string[] | null {
  if (!line.includes('|')) return null;
  const stages: string[] = [];
  let start = 0;
  let depth = 0; // inside $( … )
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') { i++; continue; }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return null;
      i = end;
      continue;
    }
    if (c === '"') {
      const end = closingDoubleQuote(line, i + 1);
      if (end === -1) return null;
      i = end;
      continue;
    }
    if (c === '$' && line[i + 1] === '(') {
      if (line[i + 2] === '(') return null; // arithmetic
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) return null;
      depth--;
      continue;
    }
    if (depth > 0) {
      if (c === '(' ) return null;
      continue;
    }
    // Top level: only words, plain redirections and single pipes are understood.
    if ('\n;&`(){}#'.includes(c)) {
      if (c === '&' && line[i - 1] === '|') continue; // `|&`
      if (c === '#' && i > 0 && !/\s/.test(line[i - 1]!)) continue; // not a comment inside a word
      return null;
    }
    // Redirections: the grammar attaches some to the pipeline before them; leave those lines whole.
    if (c === '<' || c === '>') return null;
    if (c === '|') {
      if (line[i + 1] === '|' || line[i - 1] === '|') return null; // `||`
      stages.push(line.slice(start, i));
      if (line[i + 1] === '&') i++;
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  stages.push(line.slice(start));
  if (stages.length < 3 || stages.some((s) => s.trim() === '' || /^\s*(?:!|[A-Za-z_][A-Za-z0-9_]*=)/.test(s) || RESERVED_START.test(s))) return null;
  return stages;
}

const RESERVED_START = /^\s*(?:if|then|else|elif|fi|case|esac|for|select|while|until|do|done|in|function|time|coproc|\[\[)(?:\s|$)/;

/** Index of the `"` closing a double-quoted string whose body starts at `from`, or -1. */
function closingDoubleQuote(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') { i++; continue; }
    if (c === '`' || (c === '$' && line[i + 1] === '(')) return -1; // substitutions in strings: leave to the grammar
    if (c === '"') return i;
  }
  return -1;
}
