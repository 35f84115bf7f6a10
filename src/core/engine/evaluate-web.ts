// Judges agents' web fetches and searches by domain.
import { globMatch, hasGlobChars } from '../policy/glob.js';
import type { Role } from '../policy/policy.js';
import { interpolate } from '../policy/variables.js';
import { applies, fromDefault, fromRule, type Judgment } from './judgment.js';

/** A host as the URL parser gives it, lower-case, without trailing dots or IPv6 brackets; null when empty. */
function hostOf(text: string): string | null {
  let hostname: string;
  try {
    hostname = new URL(text).hostname;
  } catch {
    return null;
  }
  const host = hostname.toLowerCase().replace(/\.+$/, '').replace(/^\[|\]$/g, '');
  return host === '' ? null : host;
}

/**
 * The host of a URL (userinfo, port and path dropped; IDN in punycode; IPv4 in dotted decimal).
 * A bare host (`example.com`, `localhost:3000/x`) and a scheme-relative `//host/` are accepted too.
 */
export function domainOf(url: string): string | null {
  const text = url.trim();
  if (text.startsWith('//')) return hostOf(`https:${text}`);
  // `localhost:3000` parses as a URL with scheme `localhost:` and no host: try it as a bare host.
  return hostOf(text) ?? (/^[\w.-]+(:\d+)?([/?#]|$)/.test(text) ? hostOf(`https://${text}`) : null);
}

const globCache = new Map<string, string>();

/** A domain glob as the URL parser would spell it: lower-case, punycode labels, no trailing dot. */
function normaliseDomainGlob(glob: string): string {
  let out = globCache.get(glob);
  if (out === undefined) {
    out = glob
      .toLowerCase()
      .replace(/\.+$/, '')
      .replace(/^\[|\]$/g, '')
      .split('.')
      .map((label) => (hasGlobChars(label) || /^[\x20-\x7e]*$/.test(label) ? label : hostOf(`https://${label}`) ?? label))
      .join('.');
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(glob, out);
  }
  return out;
}

/** `*.example.com` matches subdomains; `example.com` matches itself only. */
export function domainMatches(glob: string, domain: string): boolean {
  const g = normaliseDomainGlob(glob);
  if (g.startsWith('*.') && domain === g.slice(2)) return false;
  return globMatch(g, domain);
}

/** A list of domain globs compiled for testing many domains: exact names and `*.` suffixes looked up, not matched. */
export interface DomainSet { test(domain: string): boolean }

const domainSets = new WeakMap<readonly string[], DomainSet>();

/** The same answer as trying domainMatches with each glob of the list. */
export function domainSet(globs: readonly string[]): DomainSet {
  let set = domainSets.get(globs);
  if (set) return set;
  const exact = new Set<string>();
  const parents = new Set<string>();
  const others: string[] = [];
  for (const glob of globs) {
    const g = normaliseDomainGlob(glob);
    if (!hasGlobChars(g)) exact.add(g);
    else if (g.startsWith('*.') && !hasGlobChars(g.slice(2))) parents.add(g.slice(2)); // any name ending in `.` + this
    else others.push(glob);
  }
  set = {
    test: (domain) => {
      if (exact.has(domain)) return true;
      if (parents.size) {
        for (let dot = domain.indexOf('.'); dot !== -1; dot = domain.indexOf('.', dot + 1)) {
          if (parents.has(domain.slice(dot + 1))) return true;
        }
      }
      for (const g of others) if (domainMatches(g, domain)) return true;
      return false;
    },
  };
  domainSets.set(globs, set);
  return set;
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
