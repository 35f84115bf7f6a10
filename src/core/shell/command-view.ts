// A command's arguments sorted into positionals and flags, with spellings made canonical,
// so rules can say what they mean: `git push -f origin` and `git push origin --force` look alike.
import { toolSpec, type ToolSpec } from './tool-specs.js';
import type { Word } from './types.js';

export interface CommandView {
  readonly binary: string;
  /** Positional words in order (subcommands first); dynamic words stay in place. */
  readonly positionals: readonly Word[];
  /** Canonical flag name → values given to it ('' for none). Short clusters also keep their raw form. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  /** Dynamic words standing where a flag could be: they might expand to any flag. */
  readonly dynamicWords: number;
  /** Short clusters kept whole (`-rf`) beside their parts; not extra flags of their own. */
  readonly clusters: ReadonlySet<string>;
}

function canonical(spec: ToolSpec | undefined, subcommand: string, flag: string): string {
  const aliases = spec?.aliases;
  return aliases?.[subcommand]?.[flag] ?? aliases?.['']?.[flag] ?? flag;
}

function takesValue(spec: ToolSpec | undefined, subcommand: string, flag: string): boolean {
  if (!spec) return false;
  return spec.valueOptions.has(flag) || (spec.subcommandValueOptions?.[subcommand]?.has(flag) ?? false);
}

/** Builds the view of argv[1…] for `binary`. */
export function commandView(binary: string, args: readonly Word[]): CommandView {
  const spec = toolSpec(binary);
  const positionals: Word[] = [];
  const flags = new Map<string, string[]>();
  let dynamicWords = 0;
  let subcommand = '';
  const clusters = new Set<string>();
  const addFlag = (name: string, value: string): void => {
    const c = canonical(spec, subcommand, name);
    const list = flags.get(c);
    if (list) list.push(value);
    else flags.set(c, [value]);
  };

  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.kind === 'dynamic') {
      positionals.push(w);
      dynamicWords++;
      continue;
    }
    const t = w.text;
    if (onlyPositionals || !t.startsWith('-') || t === '-' || /^-\d+$/.test(t) && binary !== 'git') {
      positionals.push(w);
      if (positionals.length === 1) subcommand = t;
      continue;
    }
    if (t === '--') { onlyPositionals = true; continue; }
    const eq = t.indexOf('=');
    if (eq > 1) { addFlag(t.slice(0, eq), t.slice(eq + 1)); continue; }
    if (t.startsWith('--') || takesValue(spec, subcommand, t)) {
      if (takesValue(spec, subcommand, t)) {
        const v = args[++i];
        if (v?.kind === 'dynamic') dynamicWords++;
        addFlag(t, v?.text ?? '');
      } else addFlag(t, '');
      continue;
    }
    // A short cluster (-rf) is also kept whole, for single-dash long options (-auto-approve).
    if (t.length > 2) {
      addFlag(t, '');
      clusters.add(canonical(spec, subcommand, t));
    }
    for (let k = 1; k < t.length; k++) {
      const name = `-${t.charAt(k)}`;
      if (takesValue(spec, subcommand, name)) {
        const rest = t.slice(k + 1);
        if (rest !== '') addFlag(name, rest);
        else {
          const v = args[++i];
          if (v?.kind === 'dynamic') dynamicWords++;
          addFlag(name, v?.text ?? '');
        }
        break;
      }
      addFlag(name, '');
    }
  }
  if (binary === 'git' && subcommand === 'push' && positionals.slice(1).some((p) => p.kind === 'literal' && p.text.startsWith('+'))) {
    addFlag('--force', ''); // `git push origin +main` is a force push of main
  }
  return { binary, positionals, flags, dynamicWords, clusters };
}

/** Canonical form of one pattern flag, as commandView would produce it. */
export function canonicalFlag(binary: string, subcommand: string, flag: string): string {
  return canonical(toolSpec(binary), subcommand, flag);
}
