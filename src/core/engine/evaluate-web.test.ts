import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicyText } from '../policy/load-policy.js';
import type { Role } from '../policy/policy.js';
import { domainMatches, domainOf, domainSet, judgeWeb } from './evaluate-web.js';

function roleOf(yaml: string): Role {
  const { value, errors } = loadPolicyText(`version: 1\nroles:\n  - name: r\n    mode: enforce\n${yaml}`, 'test.yaml');
  expect(errors).toEqual([]);
  return value!.roles.get('r')!;
}

describe('web rules', () => {
  const role = roleOf(`
    web:
      - { id: paste, domain: "*.pastebin.com", action: deny }
      - { id: evil, domain: "evil.com", action: deny }
      - { id: meta, domain: "169.254.169.254", action: deny }
      - { id: loop6, domain: "::1", action: deny }
      - { id: intranet, domain: "10.*", action: ask }
      - { id: idn, domain: "bücher.example", action: deny }
      - { id: example, domain: "example.com", action: allow }
    defaults: { web: ask }
`);
  const judge = (url: string) => judgeWeb(role, url, {});

  it('*.example.com matches subdomains at any depth but not the bare domain', () => {
    expect(judge('https://www.pastebin.com/raw/x')).toMatchObject({ verdict: 'block', rule: 'paste' });
    expect(judge('https://a.b.pastebin.com/')).toMatchObject({ rule: 'paste' });
    expect(judge('https://pastebin.com/raw/x')).toMatchObject({ verdict: 'ask', rule: null });
  });

  it('a bare domain matches itself only, not its subdomains or look-alikes', () => {
    expect(judge('https://evil.com/x')).toMatchObject({ rule: 'evil' });
    expect(judge('https://api.evil.com/x')).toMatchObject({ rule: null });
    expect(judge('https://notevil.com/x')).toMatchObject({ rule: null });
    expect(judge('https://evil.com.attacker.net/x')).toMatchObject({ rule: null });
  });

  it('ports do not matter', () => {
    expect(judge('https://evil.com:8443/x')).toMatchObject({ rule: 'evil' });
    expect(judge('evil.com:8080')).toMatchObject({ rule: 'evil' });
  });

  it('userinfo cannot pose as the host', () => {
    expect(judge('https://example.com@evil.com/')).toMatchObject({ verdict: 'block', rule: 'evil' });
    expect(judge('https://example.com:pw@evil.com/')).toMatchObject({ rule: 'evil' });
    expect(judge('https://evil.com@example.com/')).toMatchObject({ verdict: 'allow', rule: 'example' });
  });

  it('case, a trailing dot and backslashes do not hide the host', () => {
    expect(judge('HTTPS://EVIL.COM/')).toMatchObject({ rule: 'evil' });
    expect(judge('https://evil.com./x')).toMatchObject({ rule: 'evil' });
    expect(judge('https:\\\\evil.com\\x')).toMatchObject({ rule: 'evil' });
    expect(judge('  https://evil.com/  ')).toMatchObject({ rule: 'evil' });
  });

  it('bare hosts and scheme-relative URLs are judged by their host', () => {
    expect(judge('evil.com')).toMatchObject({ rule: 'evil' });
    expect(judge('evil.com/path?q=1')).toMatchObject({ rule: 'evil' });
    expect(judge('//evil.com/x')).toMatchObject({ rule: 'evil' });
  });

  it('IPv4 literals match in every spelling the URL parser accepts', () => {
    expect(judge('http://169.254.169.254/latest/meta-data/')).toMatchObject({ rule: 'meta' });
    expect(judge('http://0xa9.0xfe.0xa9.0xfe/')).toMatchObject({ rule: 'meta' });
    expect(judge('http://2852039166/')).toMatchObject({ rule: 'meta' });
    expect(judge('http://10.1.2.3:8080/')).toMatchObject({ verdict: 'ask', rule: 'intranet' });
  });

  it('IPv6 literals match without their brackets, in canonical form', () => {
    expect(judge('http://[::1]:3000/')).toMatchObject({ rule: 'loop6' });
    expect(judge('http://[0:0:0:0:0:0:0:1]/')).toMatchObject({ rule: 'loop6' });
  });

  it('internationalised names match whether written in Unicode or punycode', () => {
    expect(judge('https://bücher.example/')).toMatchObject({ rule: 'idn' });
    expect(judge('https://xn--bcher-kva.example/')).toMatchObject({ rule: 'idn' });
  });

  it('what is not a URL gets the role default, saying so', () => {
    for (const text of ['not a url at all', 'mailto:x@evil.com', 'file:///etc/passwd', '']) {
      const j = judge(text);
      expect(j).toMatchObject({ verdict: 'ask', rule: null });
      expect(j.reason).toMatch(/not a URL/);
    }
  });
});

describe('domainOf', () => {
  it('gives the host in lower case without port, userinfo or trailing dot', () => {
    expect(domainOf('https://User:pw@API.Example.COM.:443/x')).toBe('api.example.com');
    expect(domainOf('localhost:3000/x')).toBe('localhost');
  });
});

describe('domainMatches', () => {
  it('accepts globs written in upper case or with a trailing dot', () => {
    expect(domainMatches('Example.COM.', 'example.com')).toBe(true);
    expect(domainMatches('*.Example.com', 'a.example.com')).toBe(true);
  });

  it('a lone * matches every host', () => {
    expect(domainMatches('*', 'anything.example')).toBe(true);
  });
});

describe('web rules: variables', () => {
  const role = roleOf(`
    web:
      - { domain: "*.{{env}}.internal", action: allow }
      - { domain: "*", action: deny, when: { env: production } }
`);
  it('domain globs take variables; when limits a rule to some hosts', () => {
    expect(judgeWeb(role, 'https://api.production.internal/', { env: 'production' })).toMatchObject({ verdict: 'allow', rule: 'r:web[0]' });
    expect(judgeWeb(role, 'https://github.com/', { env: 'production' })).toMatchObject({ verdict: 'block', rule: 'r:web[1]' });
    expect(judgeWeb(role, 'https://github.com/', { env: 'dev' })).toMatchObject({ verdict: 'allow', rule: null });
  });
});

describe('domain sets', () => {
  const LABELS = ['example', 'com', 'EXAMPLE', 'paste', 'x', 'bücher', 'xn--bcher-kva', '', '1', '0x7f', 'sh'];
  const label = fc.constantFrom(...LABELS);
  const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.').toLowerCase());
  const glob = fc.tuple(fc.constantFrom('', '*.', '*', '?', 'x*.'), fc.array(fc.oneof(label, fc.constantFrom('*', 'ex*', '[ab]')), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '.'))
    .map(([lead, ls, end]) => `${lead}${ls.join('.')}${end}`);

  it('match exactly the domains some glob of theirs matches', () => {
    fc.assert(fc.property(fc.array(glob, { maxLength: 8 }), fc.array(domain, { minLength: 1, maxLength: 6 }), (globs, domains) => {
      const set = domainSet(globs);
      for (const d of domains) expect(set.test(d), `${d} against ${JSON.stringify(globs)}`).toBe(globs.some((g) => domainMatches(g, d)));
    }), { numRuns: 2_000 });
  });

  it('look names and parents up without matching every glob', () => {
    const set = domainSet(['pastebin.com', '*.pastebin.com', '*.oast.*', 'Transfer.SH.']);
    expect(['pastebin.com', 'a.b.pastebin.com', 'x.oast.fun', 'transfer.sh'].map((d) => set.test(d))).toEqual([true, true, true, true]);
    expect(['notpastebin.com', 'pastebin.com.evil', 'oast.fun', 'a.transfer.sh'].map((d) => set.test(d))).toEqual([false, false, false, false]);
  });
});
