import { describe, expect, it } from 'vitest';
import { decodeEchoEscapes, echoTexts, printfText } from './printed-text.js';

describe('echoTexts', () => {
  it('joins words and ends with a newline unless -n', () => {
    expect(echoTexts(['git', 'push', '-f'])).toEqual(['git push -f\n']);
    expect(echoTexts(['-n', 'git push'])).toEqual(['git push']);
  });

  it('gives both readings when escapes make them differ (bash keeps them, dash and zsh decode them)', () => {
    expect(echoTexts(['git push -\\x66'])).toEqual(['git push -\\x66\n', 'git push -f\n']);
    expect(echoTexts(['-e', 'a\\tb'])).toEqual(['a\\tb\n', 'a\tb\n']);
  });

  it('takes only leading options', () => {
    expect(echoTexts(['x', '-n'])).toEqual(['x -n\n']);
  });
});

describe('decodeEchoEscapes', () => {
  it('decodes octal with a leading zero, hex, unicode, and stops at \\c', () => {
    expect(decodeEchoEscapes('\\0147it')).toBe('git');
    expect(decodeEchoEscapes('\\x67\\u0069t')).toBe('git');
    expect(decodeEchoEscapes('git\\c push')).toBe('git');
    expect(decodeEchoEscapes('a\\qb')).toBe('a\\qb');
  });
});

describe('printfText', () => {
  it('decodes the format and renders %s, %b, %c and %%', () => {
    expect(printfText(['git push -\\x66\\n'])).toBe('git push -f\n');
    expect(printfText(['%s %s\\n', 'git', 'push'])).toBe('git push\n');
    expect(printfText(['%b', 'rm -\\x72f'])).toBe('rm -rf');
    expect(printfText(['%c%c%c', 'go', 'in', 'tea'])).toBe('git');
    expect(printfText(['100%%'])).toBe('100%');
  });

  it('reuses the format while arguments remain, as printf does', () => {
    expect(printfText(['%s\\n', 'a', 'b'])).toBe('a\nb\n');
  });

  it('applies width and precision', () => {
    expect(printfText(['%.3s', 'git-lfs'])).toBe('git');
    expect(printfText(['%4s|%-4s|', 'a', 'b'])).toBe('   a|b   |');
  });

  it('prints nothing with -v and declines directives it cannot render', () => {
    expect(printfText(['-v', 'x', 'git push -f'])).toBe('');
    expect(printfText(['%q', 'git push -f'])).toBeNull();
    expect(printfText(['%d', '5'])).toBeNull();
    expect(printfText([])).toBeNull();
  });
});
