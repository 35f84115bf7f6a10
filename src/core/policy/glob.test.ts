import { describe, expect, it } from 'vitest';
import { globMatch, hasGlobChars, pathGlobMatch } from './glob.js';

describe('globMatch (words, tool names, domains)', () => {
  it('without glob characters, compares exactly', () => {
    expect(globMatch('filesystem/read_file', 'filesystem/read_file')).toBe(true);
    expect(globMatch('filesystem/read_file', 'filesystem/read_files')).toBe(false);
    expect(globMatch('a.b', 'axb')).toBe(false);
  });

  it('* matches anything, / and newlines included', () => {
    expect(globMatch('filesystem/*', 'filesystem/write_file')).toBe(true);
    expect(globMatch('*/exec', 'a/b/exec')).toBe(true);
    expect(globMatch('--message=*', '--message=line one\nline two')).toBe(true);
    expect(globMatch('*.example.com', 'example.com')).toBe(false);
  });

  it('? matches exactly one character', () => {
    expect(globMatch('v?', 'v1')).toBe(true);
    expect(globMatch('v?', 'v')).toBe(false);
    expect(globMatch('v?', 'v12')).toBe(false);
  });

  it('[…] classes, ranges and negation', () => {
    expect(globMatch('file[0-9].txt', 'file7.txt')).toBe(true);
    expect(globMatch('file[0-9].txt', 'fileA.txt')).toBe(false);
    expect(globMatch('[!a]*', 'bcd')).toBe(true);
    expect(globMatch('[!a]*', 'abc')).toBe(false);
    expect(globMatch('[^a]*', 'abc')).toBe(false);
  });

  it('a ] first in a class is a member, not an empty class', () => {
    expect(globMatch('[]]', ']')).toBe(true);
    expect(globMatch('[!]]', 'a')).toBe(true);
    expect(globMatch('[!]]', ']')).toBe(false);
  });

  it('an unclosed [ is literal', () => {
    expect(globMatch('a[*', 'a[bc')).toBe(true);
    expect(globMatch('a[*', 'abc')).toBe(false);
  });

  it('regular-expression characters are literal', () => {
    expect(globMatch('a+b(c)|d$*', 'a+b(c)|d$e')).toBe(true);
    expect(globMatch('a+b*', 'aab')).toBe(false);
    expect(globMatch('x\\y*', 'x\\yz')).toBe(true);
  });

  it('is anchored at both ends', () => {
    expect(globMatch('git*', 'legit')).toBe(false);
    expect(globMatch('*git', 'github')).toBe(false);
  });
});

describe('pathGlobMatch', () => {
  it('* stays within one directory', () => {
    expect(pathGlobMatch('/etc/*', '/etc/passwd')).toBe(true);
    expect(pathGlobMatch('/etc/*', '/etc/ssh/sshd_config')).toBe(false);
    expect(pathGlobMatch('*.pem', 'key.pem')).toBe(true);
  });

  it('** crosses directories', () => {
    expect(pathGlobMatch('/etc/**', '/etc/ssh/sshd_config')).toBe(true);
    expect(pathGlobMatch('/home/**/id_rsa', '/home/u/.ssh/id_rsa')).toBe(true);
  });

  it('**/ stands for whole directories, or none', () => {
    expect(pathGlobMatch('**/.env', '/a/b/.env')).toBe(true);
    expect(pathGlobMatch('**/.env', '.env')).toBe(true);
    expect(pathGlobMatch('**/.env', '/a/b/prod.env')).toBe(false);
    expect(pathGlobMatch('/a/**/b', '/a/b')).toBe(true);
    expect(pathGlobMatch('/a/**/b', '/a/x/y/b')).toBe(true);
    expect(pathGlobMatch('/a/**/b', '/a/xb')).toBe(false);
  });

  it('? and classes never match /', () => {
    expect(pathGlobMatch('/a?b', '/a/b')).toBe(false);
    expect(pathGlobMatch('/a[!x]b', '/a/b')).toBe(false);
    expect(pathGlobMatch('/a[!x]b', '/ayb')).toBe(true);
  });

  it('a glob means the same whether first used for words or for paths', () => {
    expect(globMatch('/etc/*', '/etc/ssh/x')).toBe(true);
    expect(pathGlobMatch('/etc/*', '/etc/ssh/x')).toBe(false);
    expect(globMatch('/etc/*', '/etc/ssh/x')).toBe(true);
  });
});

describe('hasGlobChars', () => {
  it('spots *, ? and [', () => {
    expect(['a*', 'a?', 'a[b]', 'plain', 'a]b'].map(hasGlobChars)).toEqual([true, true, true, false, false]);
  });
});
