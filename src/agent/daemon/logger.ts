// The daemon's log: pino JSON lines in $WARDEN_HOME/daemon.log (0600), appended, written
// synchronously so that the last lines before a crash are there.
import { chmodSync, closeSync, openSync } from 'node:fs';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function fileLogger(file: string, level: string = process.env.WARDEN_LOG_LEVEL ?? 'info'): Logger {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: file, append: true, sync: true, mkdir: false }));
}
