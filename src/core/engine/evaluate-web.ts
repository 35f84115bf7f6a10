// Judges agents' web fetches and searches by domain.
import { globMatch } from '../policy/glob.js';
import type { Role } from '../policy/policy.js';
import { interpolate } from '../policy/variables.js';
import { applies, fromDefault, fromRule, type Judgment } from './judgment.js';

/** The host of a URL, lower-case and without a trailing dot; a bare host is accepted too. */
export function domainOf(url: string): string | null {
  const attempt = (text: string): string | null => {
    try {
      return new URL(text).hostname.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
    } catch {
      return null;
    }
  };
  return attempt(url) ?? (/^[\w.-]+(:\d+)?(\/|$)/.test(url) ? attempt(`https://${url}`) : null);
}

/** `*.example.com` matches subdomains; `example.com` matches itself only. */
export function domainMatches(glob: string, domain: string): boolean {
  if (glob.startsWith('*.') && domain === glob.slice(2)) return false;
  return globMatch(glob, domain);
}

export function judgeWeb(role: Role, url: string, variables: Readonly<Record<string, string>>): Judgment {
  const domain = domainOf(url);
  if (domain === null) {
    return { ...fromDefault(role.defaults.web, `request to ${url}`, role.name), reason: `not a URL: "${url.slice(0, 80)}"; judged by the web default of role ${role.name}` };
  }
  for (const rule of role.web) {
    if (!applies(rule, variables)) continue;
    const glob = interpolate(rule.domain, variables);
    if (glob !== null && domainMatches(glob, domain)) return fromRule(rule, `request to ${domain}`);
  }
  return fromDefault(role.defaults.web, `request to ${domain}`, role.name);
}
