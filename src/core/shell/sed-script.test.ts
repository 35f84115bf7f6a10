import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sedCommands, sedScriptCommands } from './sed-script.js';
import { literal } from './types.js';

const argv = (...words: string[]) => ['sed', ...words].map(literal);
const kinds = (script: string) => sedScriptCommands(script).map((e) => (e.kind === 'script' ? `script:${e.text}` : e.kind));

describe('sed scripts', () => {
  it('find the e command with a command, after any address', () => {
    expect(kinds('1e git push --force')).toEqual(['script:git push --force']);
    expect(kinds('$e ls')).toEqual(['script:ls']);
    expect(kinds('/x/,/y/!e date')).toEqual(['script:date']);
    expect(kinds('p;e whoami\np')).toEqual(['script:whoami']);
  });

  it('take e alone and the s///e flag for commands known only at run time', () => {
    expect(kinds('/error/e')).toEqual(['unresolved']);
    expect(kinds('s/.*/x/e')).toEqual(['unresolved']);
    expect(kinds('s|a|b|ge')).toEqual(['unresolved']);
  });

  it('do not take an e inside regexes, replacements, text or labels for a command', () => {
    for (const script of ['s/e/E/g', 's|/usr/e|/opt|', '/e/d', '\\%e%d', 'y/e/f/', 'a e git push', 'i\\e git push', 'b e', ':e', 's/a/b/w e.txt', '# e ls', 'r e.txt']) {
      expect(kinds(script), script).toEqual([]);
    }
  });
});

describe('sed options', () => {
  it('read -e and --expression values, or the first operand', () => {
    expect(sedCommands(argv('-n', '1e id', 'f'))).toHaveLength(1);
    expect(sedCommands(argv('-i', '-e', 's/a/b/', '-e', '$e id', 'f'))).toHaveLength(1);
    expect(sedCommands(argv('--expression=1e id', 'f'))).toHaveLength(1);
    expect(sedCommands(argv('-ne', '1e id', 'f'))).toHaveLength(1);
  });

  it('read -ie as -i with a suffix, and nothing under --sandbox or from a file', () => {
    expect(sedCommands(argv('-ie', '1e id', 'f'))).toHaveLength(1); // the script is the first operand
    expect(sedCommands(argv('--sandbox', '1e id', 'f'))).toEqual([]);
    expect(sedCommands(argv('-f', 'x.sed', '1e id'))).toEqual([]);
  });

  it('never throw and stay bounded on any script', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      expect(sedScriptCommands(s).length).toBeLessThanOrEqual(10_000);
    }), { numRuns: 3_000 });
    expect(sedScriptCommands(`${'1e x;'.repeat(50_000)}`).length).toBeLessThanOrEqual(10_000);
  });
});
