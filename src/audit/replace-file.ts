// Replacing a state file whole: Warden's records, cursors, stamps and policy copies are read by
// other processes (the daemon, hooks, a later run) at any moment, and a crash can come at any
// moment. Here, the lowest layer that writes files, so that every layer above writes them one way.
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Distinguishes the temporary files of one process, should it replace the same file twice at once. */
let serial = 0;

/** Creates `temp` exclusively; a leftover of that name (a crashed run, a planted link) is removed first. */
function createExclusive(temp: string, mode: number): number {
  try {
    return openSync(temp, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    rmSync(temp, { force: true });
    return openSync(temp, 'wx', mode);
  }
}

/**
 * Replaces `file` with `data`: written beside it under a name of its own, synced, then renamed
 * over it, so a reader or a crash sees the old content or the new, never a part. The file has
 * `mode` whatever the umask (private by default: these files hold tokens, cursors, policies). The
 * directory must exist. Nothing is left behind when a step fails.
 */
export function replaceFile(file: string, data: string | Uint8Array, mode = 0o600): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}-${serial++}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    const fd = createExclusive(temp, mode);
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
