import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePath, normaliseSegments } from './paths.js';

const segment = fc.constantFrom('a', 'src', '.', '..', '...', '.env', '', '~', '~x', 'file:', 'FILE:', 'b.ts', ' ', 'x\ny');
const path = fc.array(segment, { maxLength: 5 }).chain((s) => fc.constantFrom('', '/', '~/', 'file://', 'file:///').map((lead) => lead + s.join('/')));
const dir = fc.oneof(fc.constant(undefined), fc.constantFrom('/', '/home/dev/project', '/home/dev/project/', '/a//b', '/a/./b', 'rel/dir', '/x/../y'));

describe('path normalisation', () => {
  it('takes its shortcuts only where the full normalisation would give the same path', () => {
    fc.assert(fc.property(path, dir, dir, (p, cwd, home) => {
      expect(normalisePath(p, cwd, home)).toBe(normaliseSegments(p, cwd, home));
    }), { numRuns: 5_000 });
  });

  it('takes them on any mix of slashes, dots, tildes and URL prefixes too', () => {
    const messy = fc.array(fc.constantFrom('/', '.', '..', '~', 'a', 'file://', 'FILE://', 'file:/', '\n'), { maxLength: 14 }).map((parts) => parts.join(''));
    fc.assert(fc.property(messy, dir, dir, (p, cwd, home) => {
      expect(normalisePath(p, cwd, home)).toBe(normaliseSegments(p, cwd, home));
    }), { numRuns: 20_000 });
  });

  it('joins plain relative words to the working directory', () => {
    expect(normalisePath('src/index.ts', '/home/dev/project', '/home/dev')).toBe('/home/dev/project/src/index.ts');
    expect(normalisePath('x', '/', undefined)).toBe('/x');
    expect(normalisePath('../.ssh/id_rsa', '/home/dev/project', '/home/dev')).toBe('/home/dev/.ssh/id_rsa');
    expect(normalisePath('~/.aws/credentials', '/tmp', '/home/dev')).toBe('/home/dev/.aws/credentials');
  });
});
