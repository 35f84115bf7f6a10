import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { subjectsOf } from '../rules/subjects.js';
import { analyseShell } from '../shell/analyse.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { isInside, unitPaths, type UnitPaths } from './event-paths.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

const cwd = '/home/dev/project';
const home = '/home/dev';
const paths = (command: string): UnitPaths[] =>
  subjectsOf({ kind: 'command', command, context: { cwd, home } }, analyseShell(parser, command)).units.map((u) => unitPaths(u, cwd, home));

describe('unitPaths', () => {
  it('says which path a command runs: the program, an interpreter script, a chmod +x target', () => {
    expect(paths('./build.sh --fast')[0]!.runs).toEqual([`${cwd}/build.sh`]);
    expect(paths('python3 -u ~/x.py')[0]!.runs).toEqual(['/home/dev/x.py']);
    expect(paths('chmod 755 a b')[0]!.runs).toEqual([`${cwd}/a`, `${cwd}/b`]);
    expect(paths('chmod u+rx a')[0]!.runs).toEqual([`${cwd}/a`]);
    expect(paths('source ./env.sh')[0]!.runs).toEqual([`${cwd}/env.sh`]);
  });

  it('does not count inline code, non-executable modes or PATH lookups as running a file', () => {
    expect(paths('python3 -c "print(1)"')[0]!.runs).toEqual([]);
    expect(paths('chmod 644 a')[0]!.runs).toEqual([]);
    expect(paths('chmod -x a')[0]!.runs).toEqual([]);
    expect(paths('build.sh')[0]!.runs).toEqual([]);
  });

  it('names where a downloader saves a file it was not told where to put', () => {
    expect(paths('wget https://example.com/dl/tool.bin')[0]!.named).toContain(`${cwd}/tool.bin`);
    expect(paths('wget -P /tmp https://example.com/tool.bin')[0]!.named).toContain('/tmp/tool.bin');
    expect(paths('curl -O https://example.com/a/setup.py')[0]!.named).toContain(`${cwd}/setup.py`);
    expect(paths('curl -o /tmp/x https://example.com/a/setup.py')[0]!.named).toContain('/tmp/x');
  });

  it('names the working directory for a command given no path', () => {
    expect(paths('ls')[0]!.named).toEqual([cwd]);
    expect(paths('ls -la /etc')[0]!.named).toEqual(['/etc']);
  });
});

describe('isInside', () => {
  it('is strictly below, on path segments', () => {
    expect(isInside('/etc/passwd', '/etc')).toBe(true);
    expect(isInside('/etc', '/etc')).toBe(false);
    expect(isInside('/etcetera/x', '/etc')).toBe(false);
    expect(isInside('/x', '/')).toBe(true);
  });
});
