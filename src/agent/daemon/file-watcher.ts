// Noticing that a file changed: fs.watch on its directory (which sees an editor's write-and-rename
// as well as an in-place write), debounced, with a poll of its stat as a backstop where fs.watch
// misses events (network file systems, some editors, some platforms).
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface WatchOptions {
  /** Quiet time after the last event before `onChange` runs. */
  readonly debounceMs?: number;
  /** How often the stat is compared. */
  readonly pollMs?: number;
  /** Told when fs.watch cannot be used; the poll still runs. */
  readonly onWatchError?: (error: unknown) => void;
}

export interface Watch {
  close(): void;
}

const signature = (file: string): string => {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return 'missing';
  }
};

/** Calls `onChange` (never twice at once) whenever `file` may have changed. */
export function watchFile(file: string, onChange: () => Promise<void> | void, o: WatchOptions = {}): Watch {
  const debounceMs = o.debounceMs ?? 200;
  let last = signature(file);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const run = (): void => {
    timer = null;
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    last = signature(file);
    running = Promise.resolve()
      .then(onChange)
      .catch(() => undefined)
      .finally(() => {
        running = null;
        if (again && !closed) {
          again = false;
          schedule();
        }
      });
  };
  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
      if (name === null || name === basename(file)) schedule();
    });
    watcher.on('error', (error) => o.onWatchError?.(error));
  } catch (error) {
    o.onWatchError?.(error);
  }
  const poll = setInterval(() => {
    const now = signature(file);
    if (now === last) return;
    // Seen once: the debounce is not restarted by every later poll.
    last = now;
    schedule();
  }, o.pollMs ?? 1_000);
  poll.unref();

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
