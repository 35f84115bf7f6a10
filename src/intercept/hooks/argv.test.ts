import { describe, expect, it } from 'vitest';
import { shellLine } from './argv.js';

describe('shellLine', () => {
  it('quotes only the words that need it, so the shell reads the same words back', () => {
    expect(shellLine(['git', 'commit', '-m', "it's done", '', 'a;b', '--path=./src'])).toBe(`git commit -m 'it'\\''s done' '' 'a;b' --path=./src`);
  });
});
