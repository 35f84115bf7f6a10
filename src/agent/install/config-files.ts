// Reading and writing agents' config files: a file that cannot be read is never written over;
// writes go through a temporary file and a rename, keep the file's mode, and follow a symlink
// (dotfile managers link these files) instead of replacing it.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { replaceFile } from '../../audit/replace-file.js';

export type ConfigRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string };

export function readConfig(file: string): ConfigRead {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { kind: 'error', message: `${file} is a directory` };
    // A FIFO or a device would block the read or never end.
    if (!stat.isFile()) return { kind: 'error', message: `${file} is not a regular file` };
    const bytes = readFileSync(file);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { kind: 'text', text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (error instanceof TypeError) return { kind: 'error', message: `${file} is not UTF-8 text` };
    return { kind: 'error', message: `cannot read ${file}: ${(error as Error).message}` };
  }
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The directories `mkdir -p dir` would create, outermost first. */
export function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  return missing;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Whether the file starts with a UTF-8 byte order mark (which readConfig leaves out of its text). */
function startsWithBom(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(3);
    return readSync(fd, head, 0, 3, 0) === 3 && head.equals(BOM);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Writes `text` in place of the file (through its symlink), keeping its mode and its byte order
 * mark, if it has one (editors on Windows write one); new files get `mode`.
 */
export function writeConfig(file: string, text: string, mode = 0o644): void {
  const target = existsSync(file) ? realpathSync(file) : file;
  const exists = existsSync(target);
  const keep = exists ? statSync(target).mode & 0o7777 : mode;
  const bytes = exists && startsWithBom(target) && !text.startsWith('\uFEFF') ? Buffer.concat([BOM, Buffer.from(text, 'utf8')]) : text;
  mkdirSync(dirname(target), { recursive: true });
  replaceFile(target, bytes, keep);
}

export function deleteConfig(file: string): void {
  rmSync(existsSync(file) ? realpathSync(file) : file, { force: true });
}

/** Removes directories install created, innermost first, as long as they are empty. */
export function removeEmptyDirs(dirs: readonly string[]): void {
  for (const dir of [...dirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
  }
}

/** `20261122T034510Z`: sorts by time, safe in a file name. */
export const stamp = (now: Date): string => now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Copies a file into `dir` (created 0700) as `<name>.<stamp>`, readable by its owner only. */
export function backupFile(file: string, dir: string, now: Date): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let target = join(dir, `${basename(file)}.${stamp(now)}`);
  for (let n = 1; existsSync(target); n++) target = join(dir, `${basename(file)}.${stamp(now)}-${n}`);
  copyFileSync(file, target);
  chmodSync(target, 0o600);
  return target;
}
