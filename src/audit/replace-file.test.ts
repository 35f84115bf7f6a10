import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFile } from './replace-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-replace-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe('replaceFile', () => {
  it('writes a new file readable by its owner only, whatever the umask', () => {
    const before = process.umask(0o000);
    try {
      replaceFile(join(dir, 'cursor.json'), '{"through":3}\n');
    } finally {
      process.umask(before);
    }
    expect(readFileSync(join(dir, 'cursor.json'), 'utf8')).toBe('{"through":3}\n');
    expect(modeOf(join(dir, 'cursor.json'))).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['cursor.json']);
  });

  it('replaces an existing file whole and gives it the mode asked for', () => {
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, 'old content that is longer than the new one\n');
    chmodSync(file, 0o666);
    replaceFile(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(modeOf(file)).toBe(0o600);
    replaceFile(file, Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 0o644);
    expect(readFileSync(file)).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]));
    expect(modeOf(file)).toBe(0o644);
  });

  it('writes through nothing planted under a temporary name, and removes it', () => {
    const file = join(dir, 'link.yaml');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'keep me\n');
    // The name the next replace of this process would use, planted as a link to another file.
    for (let i = 0; i < 50; i++) symlinkSync(victim, join(dir, `.link.yaml.${process.pid}-${i}.tmp`));
    replaceFile(file, 'token: secret\n');
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(readFileSync(file, 'utf8')).toBe('token: secret\n');
  });

  it('leaves no temporary file behind when it cannot finish, and the old content stays', () => {
    // Renaming a file over a directory fails after the contents were written aside.
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'keep\n');
    expect(() => replaceFile(target, 'x')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('keep\n');
    expect(() => replaceFile(join(dir, 'missing-dir', 'f.json'), 'x')).toThrow(/ENOENT/);
  });

  it('writes large contents in full', () => {
    const big = 'abcdefghij'.repeat(3_000_000);
    replaceFile(join(dir, 'big'), big);
    expect(readFileSync(join(dir, 'big'), 'utf8')).toBe(big);
  });
});
