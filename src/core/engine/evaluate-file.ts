// Judges file reads and writes by agents' file tools against a role's path rules.
import { pathGlobMatch } from '../policy/glob.js';
import type { Role } from '../policy/policy.js';
import { interpolate } from '../policy/variables.js';
import { applies, fromDefault, fromRule, type Judgment } from './judgment.js';
import { baseName, normalisePath } from './paths.js';

export interface FileContext { readonly cwd?: string | undefined; readonly home?: string | undefined }

/** A glob without `/` names a file anywhere (`.env`); otherwise it is a path (`~/.ssh/**`). */
export function pathRuleMatches(glob: string, path: string, ctx: FileContext): boolean {
  if (!glob.includes('/')) return pathGlobMatch(glob, baseName(path));
  return pathGlobMatch(normalisePath(glob, undefined, ctx.home), path);
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
