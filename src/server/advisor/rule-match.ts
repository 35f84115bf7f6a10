// Whether an existing rule's text covers an audited subject, with the engine's own command
// pattern matcher (binary, subcommands in order, flags anywhere) and the tool glob for MCP rules.
import { binaryName } from '../../core/shell/binary-name.js';
import { commandView } from '../../core/shell/command-view.js';
import { literal } from '../../core/shell/types.js';
import { compilePattern, matchPattern, type CommandPattern } from '../../core/policy/command-pattern.js';
import { globMatch } from '../../core/policy/glob.js';

const compiled = new Map<string, CommandPattern | null>();

function patternOf(text: string): CommandPattern | null {
  let p = compiled.get(text);
  if (p === undefined) {
    try { p = compilePattern(text); } catch { p = null; }
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(text, p);
  }
  return p;
}

/** True when the rule text matches the subject ('maybe' counts: the rule could have decided it). */
export function ruleCovers(kind: 'command' | 'mcp', text: string, subject: string): boolean {
  if (kind === 'mcp') return globMatch(text, subject.trim());
  const words = subject.trim().split(/\s+/).filter((w) => w.length > 0);
  const first = words[0];
  const pattern = patternOf(text);
  if (first === undefined || pattern === null) return false;
  const view = commandView(binaryName(first), words.slice(1).map(literal));
  return matchPattern(pattern, view) !== 'no';
}
