// Minimal terminal styling; plain text when not a TTY or when NO_COLOR is set.
import type { Verdict } from '../core/policy/schema.js';

const enabled = (stream: NodeJS.WriteStream): boolean => stream.isTTY === true && !process.env.NO_COLOR;

export function styler(stream: NodeJS.WriteStream = process.stdout) {
  const on = enabled(stream);
  const wrap = (code: string) => (text: string): string => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { bold: wrap('1'), dim: wrap('2'), red: wrap('31'), green: wrap('32'), yellow: wrap('33'), cyan: wrap('36') };
}

export function verdictLabel(verdict: Verdict, s = styler()): string {
  const text = verdict.toUpperCase().padEnd(5);
  if (verdict === 'block') return s.bold(s.red(text));
  if (verdict === 'ask') return s.bold(s.yellow(text));
  if (verdict === 'flag') return s.yellow(text);
  return s.green(text);
}
