import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globSource, globMatch, pathGlobMatch } from './glob.js';
import { linearGlob, linearMatch, starRuns } from './glob-linear.js';
import { pathSetTest } from '../rules/path-set.js';

const regexMatch = (glob: string, text: string, paths: boolean): boolean => new RegExp(`^(?:${globSource(glob, paths)})$`, 's').test(text);

describe('linearMatch', () => {
  it('agrees with the regex of every glob, words and paths (property)', () => {
    const globChar = fc.constantFrom('a', 'b', '/', '.', '*', '**', '**/', '?', '[ab]', '[!a]', '[a-c]', '[', ']', '-');
    const textChar = fc.constantFrom('a', 'b', 'c', '/', '.', '-', '[', ']', '\n');
    fc.assert(fc.property(fc.array(globChar, { maxLength: 8 }), fc.array(textChar, { maxLength: 12 }), fc.boolean(), (g, t, paths) => {
      const glob = g.join('');
      const text = t.join('');
      // Every glob gives a valid regex (a range written backwards holds nothing), and both agree.
      expect(linearMatch(linearGlob(glob, paths), text)).toBe(regexMatch(glob, text, paths));
    }), { numRuns: 20_000 });
  });

  it('reads a class range written backwards as holding nothing, as bash does, and escapes what a regex class would read', () => {
    expect(globMatch('[b-a]x', 'bx')).toBe(false);
    expect(globMatch('[b-ac]x', 'cx')).toBe(true);
    expect(globMatch('[!z-a]', 'q')).toBe(true);
    expect(globMatch('[\\^]', '^')).toBe(true);
    expect(globMatch('[\\^]', '\\')).toBe(true);
    expect(globMatch('[a-]', '-')).toBe(true);
  });

  it('counts runs of *', () => {
    expect(starRuns('*a**b*')).toBe(3);
    expect(starRuns('**/x')).toBe(1);
    expect(starRuns('x')).toBe(0);
  });
});

describe('globs against long hostile text (each would backtrack for minutes as a regex)', () => {
  const long = 'a'.repeat(256 * 1024);
  it('word globs with many * runs', () => {
    expect(globMatch('echo *a*a*a*a*b', `echo ${long}`)).toBe(false);
    expect(globMatch('echo *a*a*a*a*b', `echo ${long}b`)).toBe(true);
    expect(globMatch('*a*b', long)).toBe(false);
  });

  it('path globs, alone and in a rule\'s set of globs', () => {
    const path = `a/${'@'.repeat(256 * 1024)}/`;
    expect(pathGlobMatch('**/*@*', path)).toBe(false);
    expect(pathGlobMatch('**/*@*', `${path}x@y`)).toBe(true);
    const set = pathSetTest({ include: ['**'], exclude: ['**/*@*', '**/x*y*z*w'] });
    expect(set.test(path)).toBe(true);
    expect(set.test(`${path}x@y`)).toBe(false);
    expect(set.test(`/tmp/${'xy'.repeat(100)}`)).toBe(true);
    expect(set.test('/tmp/xayazaw')).toBe(false);
  });
});
