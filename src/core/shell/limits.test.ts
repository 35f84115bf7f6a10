// Pathological command lines: huge, malformed, absurdly nested or exploding. Each must come back
// (within the test timeout) with a bounded decision that, in enforce mode, blocks or holds it with a
// reason: never a silent allow.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../decision.js';
import type { Engine } from '../engine/engine.js';
import { bracketDepth } from './line-problems.js';
import { DEFAULT_LIMITS } from './types.js';
import { guardEngine } from '../testing/guard-engine.js';

let engine: Engine;

beforeAll(async () => {
  engine = await guardEngine();
});

const N = 10_000;
const MB = 1024 * 1024;

function decide(command: string): Decision {
  const decision = engine.evaluate({ kind: 'command', command, context: {} });
  expect(['block', 'ask']).toContain(decision.verdict);
  expect(decision.outcome).not.toBe('allowed');
  expect(decision.reason.length).toBeGreaterThan(0);
  expect(decision.commands.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCommands);
  expect(JSON.stringify(decision).length).toBeLessThan(8 * MB); // what the decision carries stays bounded
  return decision;
}

/** `bash -c '…'` around `inner`, quoted so the shell sees exactly `inner`. */
const bashC = (inner: string): string => `bash -c '${inner.replace(/'/g, `'\\''`)}'`;

describe('size', () => {
  it('holds a 1 MB command line, saying it is too long', () => {
    expect(decide(`git status ${'x'.repeat(MB)}`).reason).toMatch(/characters long/);
    expect(decide('git push -f; '.repeat(MB / 12)).reason).toMatch(/characters long/);
  });

  it('analyses a long line under the limit to its end', () => {
    const d = decide(`echo ${'a '.repeat(100_000)}; git push -f`);
    expect(d.verdict).toBe('block');
  });

  it('holds a line with more simple commands than it reports', () => {
    expect(decide(Array(5_000).fill('ls').join('; ')).reason).toMatch(/simple commands/);
    expect(decide(`${'ls | '.repeat(N)}git status`).verdict).toBe('ask');
  });
});

describe('bytes that are not text', () => {
  it('holds NUL bytes', () => {
    expect(decide('git status\u0000; rm -rf /').reason).toMatch(/NUL/);
    expect(decide('\u0000').reason).toMatch(/NUL/);
  });

  it('holds lone surrogates', () => {
    expect(decide('git status \ud800').reason).toMatch(/surrogate/);
    expect(decide('echo \udc00 && ls').reason).toMatch(/surrogate/);
  });

  it('holds text decoded from invalid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('git status '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80])]);
    expect(decide(bytes.toString('utf8')).reason).toMatch(/UTF-8/);
  });
});

describe('nesting 10,000 deep', () => {
  it.each([
    ['subshells', `${'('.repeat(N)}git status${')'.repeat(N)}`],
    ['subshells around a blocked command', `${'('.repeat(N)}git push -f${')'.repeat(N)}`],
    ['command substitutions', `${'$('.repeat(N)}git status${')'.repeat(N)}`],
    ['quoted command substitutions', `echo ${'"$('.repeat(N)}git push -f${')"'.repeat(N)}`],
    ['parameter expansions', `echo ${'${x:-'.repeat(N)}$(git push -f)${'}'.repeat(N)}`],
    ['benign parameter expansions', `echo ${'${x:-'.repeat(N)}$(git status)${'}'.repeat(N)}`],
    ['arithmetic', `echo $((${'('.repeat(N)}$(git push -f)${')'.repeat(N)}))`],
    ['benign arithmetic', `echo $((${'('.repeat(N)}1${')'.repeat(N)}))`],
    ['&& chains', `${'true && '.repeat(N)}git status`],
    ['brace groups', `${'{ '.repeat(N)}git push -f${'; }'.repeat(N)}`],
    ['if statements', `${'if true; then '.repeat(N)}git push -f${'; fi'.repeat(N)}`],
    ['eval chains', `${'eval '.repeat(N)}git push -f`],
    ['wrapper chains', `${'sudo '.repeat(N)}git push -f`],
    ['env chains', `${'env X=1 '.repeat(N)}git push -f`],
    ['pipelines into shells', `${'echo x | '.repeat(N)}bash -c 'git push -f'`],
  ])('%s', (_name, line) => {
    decide(line);
  });

  it('does not parse a line nested past the tree limit at all, and says so', () => {
    const deep = DEFAULT_LIMITS.maxTreeDepth + 1;
    for (const line of [`${'$('.repeat(deep)}git status${')'.repeat(deep)}`, `${'('.repeat(deep)}git push -f${')'.repeat(deep)}`, `${'{ '.repeat(deep)}ls${'; }'.repeat(deep)}`]) {
      expect(decide(line).reason).toMatch(/nests more than 4000 levels deep; it was not analysed/);
    }
  });

  it('counts no bracket that single quotes or a backslash make text', () => {
    const many = DEFAULT_LIMITS.maxTreeDepth + 10;
    const quoted = engine.evaluate({ kind: 'command', command: `git log --grep '${'('.repeat(many)}'`, context: {} });
    expect(quoted.verdict).toBe('allow');
    const escaped = engine.evaluate({ kind: 'command', command: `git log --grep ${'\\('.repeat(many)}`, context: {} });
    expect(escaped.verdict).toBe('allow');
    expect(bracketDepth(`a '((' \\( "(" $(b [c] {d})`)).toBe(3);
  });

  it('bash -c chains, as deep as correct quoting allows', () => {
    let line = 'git push -f';
    for (let depth = 1; depth <= 12; depth++) {
      line = bashC(line);
      const d = decide(line);
      if (depth <= DEFAULT_LIMITS.maxNesting) expect(d.verdict, `depth ${depth}`).toBe('block');
    }
  });
});

describe('brace expansion', () => {
  it('holds a million-word range, saying it was not expanded', () => {
    expect(decide('echo {1..1000000}').reason).toMatch(/brace expansion/);
    expect(decide('rm -rf /tmp/{1..1000000}').verdict).toBe('ask');
    expect(decide('echo {1..99999999999999999999}').reason).toMatch(/brace expansion/);
  });

  it('holds thirty doubling groups ({a,b}{a,b}…, 2^30 words)', () => {
    expect(decide(`echo ${'{a,b}'.repeat(30)}`).reason).toMatch(/brace expansion/);
    decide(`git push ${'{a,b}'.repeat(30)} -f`);
  });

  it('holds many brace words that together exceed the budget', () => {
    decide(`echo ${'{a,b,c,d}{a,b,c,d}{a,b,c,d} '.repeat(500)}`);
  });
});
