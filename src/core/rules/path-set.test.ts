import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRuleFiles } from './load-rule-files.js';
import { pathSetTest, referencePathTest } from './path-set.js';
import type { GlobSet } from './rule.js';

// Pieces that glob and path generators share, so generated paths often meet generated globs.
const NAMES = ['a', 'b', 'ab', '.ssh', 'id_rsa', 'id_rsa.pub', 'etc', 'home', 'alice', '.env', '.env.local', 'x.gz', 'config', 'dev', 'sda1', ':', '@', 'a:b'];
const GLOB_PIECES = [...NAMES, '*', '**', '?', '*.gz', 'id_*', '[!.]*', '[ab]', 'sd*', '*:**', '.env.*', 'a**', '**b', '~'];

const segment = (pieces: readonly string[]) => fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 2 }).map((p) => p.join(''));
const glob = fc.tuple(fc.constantFrom('', '/', '~/', '**/'), fc.array(segment(GLOB_PIECES), { minLength: 1, maxLength: 4 }))
  .map(([lead, segs]) => `${lead}${segs.join('/')}`);
const path = fc.tuple(fc.constantFrom('', '/', '/home/alice/'), fc.array(segment(NAMES), { minLength: 0, maxLength: 5 }), fc.boolean())
  .map(([lead, segs, slash]) => `${lead}${segs.join('/')}${slash ? '/' : ''}`);
const globSet = fc.record({ include: fc.array(glob, { maxLength: 6 }), exclude: fc.array(glob, { maxLength: 2 }) });

describe('grouped path sets', () => {
  it('match exactly the paths the plain regular expressions match (generated globs and paths)', () => {
    fc.assert(fc.property(globSet, fc.array(path, { minLength: 1, maxLength: 10 }), (set: GlobSet, paths) => {
      const fast = pathSetTest(set);
      const plain = referencePathTest(set);
      for (const p of paths) expect(fast.test(p), `${p} against ${JSON.stringify(set)}`).toBe(plain.test(p));
    }), { numRuns: 3_000 });
  });

  it('keep a name that a `**` may run into (`a**/b` matches `ab`)', () => {
    for (const [g, p] of [['a**/b', 'ab'], ['*:**/**/b', 'a:b'], ['/x/a**/**/**/b', '/x/ab'], ['/x/a**/b', '/x/ab'], ['a**/b/c*', 'ab/c1'], ['/x/a**/b/c*', '/x/ab/cd'], ['**/*.gz', 'x.gz'], ['**/*.gz', '/x/.gz']] as const) {
      const set = { include: [g], exclude: [] };
      expect(referencePathTest(set).test(p), `${g} ${p}`).toBe(true);
      expect(pathSetTest(set).test(p), `${g} ${p}`).toBe(true);
    }
  });

  it('match exactly the paths the plain regular expressions match (every rule path set, paths from the rules)', () => {
    const rules = loadRuleFiles().value ?? [];
    const matchers = rules.flatMap((r) => [...r.match, ...r.unless]);
    const sets = matchers.flatMap((m) => [m.read, m.write, m.args].filter((s): s is GlobSet => s !== null));
    // and the unions the rule pack tests first
    for (const k of ['read', 'write'] as const) sets.push({ include: matchers.flatMap((m) => m[k]?.include ?? []), exclude: [] });
    // Paths made from the rule globs themselves, with wildcards filled in, under homes and projects.
    const fill = (g: string): string => g.replace(/\*\*/g, 'x/y').replace(/\*/g, 'z').replace(/\?/g, 'q').replace(/\[!?([^\]])[^\]]*\]/g, '$1').replace(/^~/, '/home/alice');
    const globs = [...new Set(sets.flatMap((s) => [...s.include, ...s.exclude]))];
    const paths = [...new Set(globs.flatMap((g) => [fill(g), `/home/bob/src/app/${fill(g).replace(/^\//, '')}`, `${fill(g)}/inner`, `${fill(g)}.bak`]))];
    paths.push('/', '/home/alice', '/home/alice/src/app/status', '/tmp/x', '/etc/passwd', 'relative/path', '');
    expect(sets.length).toBeGreaterThan(50);
    let matched = 0;
    for (const set of sets) {
      const fast = pathSetTest(set);
      const plain = referencePathTest(set);
      for (const p of paths) {
        const expected = plain.test(p);
        if (fast.test(p) !== expected) expect.fail(`${p} against ${JSON.stringify(set)}: expected ${expected}`);
        if (expected) matched++;
      }
    }
    expect(matched).toBeGreaterThan(sets.length); // the paths do meet the globs, not just miss them
  });
});
