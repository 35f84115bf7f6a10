import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchFile, type Watch } from './file-watcher.js';

let dir: string;
let file: string;
let watch: Watch | null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-watch-'));
  file = join(dir, 'policy.yaml');
  writeFileSync(file, 'a');
  watch = null;
});
afterEach(() => {
  watch?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('watchFile', () => {
  it('notices an in-place write, an editor\'s write-and-rename, and a removal', async () => {
    const seen: number[] = [];
    watch = watchFile(file, () => void seen.push(seen.length), { debounceMs: 50, pollMs: 100 });
    writeFileSync(file, 'bb');
    await until(() => seen.length >= 1);
    const count = seen.length;
    writeFileSync(join(dir, '.policy.yaml.swp'), 'ccc');
    renameSync(join(dir, '.policy.yaml.swp'), file);
    await until(() => seen.length > count);
    const again = seen.length;
    rmSync(file);
    await until(() => seen.length > again);
  });

  it('ignores other files in the directory', async () => {
    let calls = 0;
    watch = watchFile(file, () => void calls++, { debounceMs: 20, pollMs: 50 });
    writeFileSync(join(dir, 'other.txt'), 'x');
    writeFileSync(file, 'changed');
    await until(() => calls >= 1);
    const after = calls;
    writeFileSync(join(dir, 'other.txt'), 'y');
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(after);
  });
});
