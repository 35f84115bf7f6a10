// Glob matching in time linear in the text, for the inputs where a backtracking regular
// expression is not: a glob with several `*` runs (`*a*a*b`) against a long hostile word takes a
// regex polynomial time (seconds at 64 KB for two runs, unbounded for more). The glob is read as a
// small automaton and the text is run through it once, tracking every state it can be in.

// One step of the automaton: a character test, a star (any run, or a run without `/`), or `**` + `/`
// (any whole directories, or none).
type Token =
  | { readonly kind: 'one'; readonly test: (c: string) => boolean }
  | { readonly kind: 'star'; readonly slash: boolean }
  | { readonly kind: 'dirs' };

export interface LinearGlob {
  readonly tokens: readonly Token[];
  /** The glob's runs of plain characters: a text lacking any of them cannot match (a quick refusal). */
  readonly literals: readonly string[];
}

/**
 * The members of a class body (`a-z_`), as ranges. A range written backwards (`z-a`) holds
 * nothing, as in bash.
 */
export function classRanges(body: string): [string, string][] {
  const ranges: [string, string][] = [];
  for (let k = 0; k < body.length; k++) {
    const c = body[k]!;
    if (body[k + 1] === '-' && k + 2 < body.length) {
      if (c <= body[k + 2]!) ranges.push([c, body[k + 2]!]);
      k += 2;
    } else ranges.push([c, c]);
  }
  return ranges;
}

/** `[…]` at `start`: a test for one character and the index of its `]`, or null when unclosed (then `[` is literal). */
function classAt(glob: string, start: number, paths: boolean): { test: (c: string) => boolean; end: number } | null {
  let i = start + 1;
  const negated = glob[i] === '!' || glob[i] === '^';
  if (negated) i++;
  const end = glob.indexOf(']', i + 1);
  if (end === -1) return null;
  const ranges = classRanges(glob.slice(i, end));
  const member = (c: string): boolean => ranges.some(([lo, hi]) => c >= lo && c <= hi);
  return { test: negated ? (c) => !member(c) && !(paths && c === '/') : member, end };
}

/** The automaton of a glob, with the meaning globSource gives it (`paths`: `*` within a directory, `**` across). */
export function linearGlob(glob: string, paths: boolean): LinearGlob {
  const tokens: Token[] = [];
  const literals: string[] = [];
  let run = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (!paths) tokens.push({ kind: 'star', slash: true });
      else if (glob[i + 1] !== '*') tokens.push({ kind: 'star', slash: false });
      else {
        i++;
        if (glob[i + 1] === '/') { tokens.push({ kind: 'dirs' }); i++; }
        else tokens.push({ kind: 'star', slash: true });
      }
    } else if (c === '?') tokens.push({ kind: 'one', test: paths ? (x) => x !== '/' : () => true });
    else if (c === '[') {
      const cls = classAt(glob, i, paths);
      if (cls === null) tokens.push({ kind: 'one', test: (x) => x === '[' });
      else { tokens.push({ kind: 'one', test: cls.test }); i = cls.end; }
    } else {
      tokens.push({ kind: 'one', test: (x) => x === c });
      run += c;
      continue;
    }
    if (run !== '') literals.push(run);
    run = '';
  }
  if (run !== '') literals.push(run);
  return { tokens, literals };
}

// Whether the whole text matches. States: 2k is "before token k"; 2k+1 is "inside the directories
// token at k, with characters taken that must end in `/`". O(text × tokens) time, two small arrays.
export function linearMatch(g: LinearGlob, text: string): boolean {
  const { tokens } = g;
  for (const l of g.literals) if (!text.includes(l)) return false;
  const n = tokens.length;
  let now = new Uint8Array(2 * n + 2);
  let next = new Uint8Array(2 * n + 2);
  // Adds state 2k and what it reaches without taking a character (skipping a star or a `**/`).
  const enter = (set: Uint8Array, k: number): void => {
    for (; k <= n; k++) {
      set[2 * k] = 1;
      const t = tokens[k];
      if (t === undefined || t.kind === 'one') return;
    }
  };
  enter(now, 0);
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    next.fill(0);
    let any = false;
    for (let k = 0; k < n; k++) {
      const t = tokens[k]!;
      if (now[2 * k]) {
        if (t.kind === 'one') { if (t.test(c)) { enter(next, k + 1); any = true; } }
        else if (t.kind === 'star') { if (t.slash || c !== '/') { enter(next, k); any = true; } }
        else {
          // `**/` takes characters up to a `/`, which ends it.
          next[2 * k + 1] = 1;
          if (c === '/') enter(next, k + 1);
          any = true;
        }
      }
      if (now[2 * k + 1]) {
        next[2 * k + 1] = 1;
        if (c === '/') enter(next, k + 1);
        any = true;
      }
    }
    if (!any) return false;
    [now, next] = [next, now];
  }
  return now[2 * n] === 1;
}

/** How many runs of `*` a glob has: past one, a regex of it can backtrack polynomially. */
export function starRuns(glob: string): number {
  let runs = 0;
  for (let i = 0; i < glob.length; i++) if (glob[i] === '*' && glob[i - 1] !== '*') runs++;
  return runs;
}
