// Judges file reads and writes by agents' file tools against a role's path rules.
import { pathGlobMatch } from '../policy/glob.js';
import type { Role } from '../policy/policy.js';
import { interpolate } from '../policy/variables.js';
import { applies, fromDefault, fromRule, type Judgment } from './judgment.js';
import { baseName, normalisePath } from './paths.js';

export interface FileContext { readonly cwd?: string | undefined; readonly home?: string | undefined }

/** Where a path glob points: `~` and `..` resolved; a relative glob is under the working directory. */
function anchoredGlob(glob: string, ctx: FileContext): string {
  // Without a known home, `~/x` is x under any directory: failing open would let the path through.
  if ((glob === '~' || glob.startsWith('~/')) && !ctx.home) return `**/${glob.slice(2)}`;
  if (glob.startsWith('/') || glob === '~' || glob.startsWith('~/')) return normalisePath(glob, undefined, ctx.home);
  if (glob.startsWith('**')) return glob;
  // Without a working directory, a relative glob (`secrets/**`) may stand under any directory.
  return ctx.cwd ? normalisePath(glob, ctx.cwd, ctx.home) : `**/${normalisePath(glob, undefined, undefined)}`;
}

/**
 * A glob without `/` names a file anywhere (`.env`, `*.pem`); otherwise it is a path
 * (`~/.ssh/**`, `/etc/**`, `secrets/**` under the working directory).
 */
export function pathRuleMatches(glob: string, path: string, ctx: FileContext): boolean {
  if (!glob.includes('/')) return pathGlobMatch(glob, baseName(path));
  return pathGlobMatch(anchoredGlob(glob, ctx), path);
}

export function judgeFile(role: Role, rawPath: string, access: 'read' | 'write', ctx: FileContext, variables: Readonly<Record<string, string>>): Judgment {
  const path = normalisePath(rawPath, ctx.cwd, ctx.home);
  for (const rule of role.files) {
    if (!applies(rule, variables) || (rule.access !== 'any' && rule.access !== access)) continue;
    const glob = interpolate(rule.path, variables);
    if (glob !== null && pathRuleMatches(glob, path, ctx)) return fromRule(rule, `${access} of ${path}`);
  }
  return fromDefault(role.defaults.file, `${access} of ${path}`, role.name);
}
