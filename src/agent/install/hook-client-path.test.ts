import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hookClientFile, hookClientPath } from './hook-client-path.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A package tree with build/src/cli/main.js and an empty build/bin. */
function tree(): { root: string; mainJs: string; client: string } {
  const root = mkdtempSync(join(tmpdir(), 'warden-client-path-'));
  dirs.push(root);
  mkdirSync(join(root, 'build/src/cli'), { recursive: true });
  mkdirSync(join(root, 'build/bin'));
  const mainJs = join(root, 'build/src/cli/main.js');
  writeFileSync(mainJs, '');
  return { root, mainJs, client: join(root, 'build/bin/warden-hook') };
}

describe('hookClientPath', () => {
  it('is build/bin/warden-hook beside the CLI\'s build/src', () => {
    expect(hookClientFile('/opt/warden/build/src/cli/main.js')).toBe('/opt/warden/build/bin/warden-hook');
  });

  it('returns the client when it is an executable file', () => {
    const t = tree();
    writeFileSync(t.client, '#!/bin/sh\n');
    chmodSync(t.client, 0o755);
    expect(hookClientPath(t.mainJs)).toBe(t.client);
  });

  it('returns the real path of a symlinked client', () => {
    const t = tree();
    const real = join(t.root, 'real-client');
    writeFileSync(real, '#!/bin/sh\n');
    chmodSync(real, 0o755);
    symlinkSync(real, t.client);
    expect(hookClientPath(t.mainJs)).toBe(real);
  });

  it('returns null when there is none, or it is not an executable file', () => {
    const t = tree();
    expect(hookClientPath(t.mainJs)).toBeNull();
    mkdirSync(t.client);
    expect(hookClientPath(t.mainJs)).toBeNull();
    rmSync(t.client, { recursive: true });
    writeFileSync(t.client, '');
    chmodSync(t.client, 0o644);
    // root may run anything with an x bit; a file with none is refused even to root.
    expect(hookClientPath(t.mainJs)).toBeNull();
  });
});
