import type { Word } from './types.js';

const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** The commands `find … -exec cmd {} \;` runs; `{}` stands for each found path. */
export function findExecCommands(argv: readonly Word[]): Word[][] {
  const out: Word[][] = [];
  for (let i = 1; i < argv.length; i++) {
    if (!EXEC_ACTIONS.has(argv[i]?.text ?? '')) continue;
    const inner: Word[] = [];
    for (i++; i < argv.length; i++) {
      const w = argv[i]!;
      if (w.kind === 'literal' && (w.text === ';' || w.text === '+')) break;
      inner.push(w.kind === 'literal' && w.text.includes('{}') ? { kind: 'dynamic', text: w.text, split: false } : w);
    }
    if (inner.length) out.push(inner);
  }
  return out;
}
