// The daemon's log: JSON lines in $WARDEN_HOME/daemon.log (0600), appended, written synchronously
// so that the last lines before a crash are there. The lines are pino's ({"level":30,"time":…,
// "pid":…,…,"msg":…}, errors under `err` as {type, message, stack}), written without pino and its
// dependencies: the daemon stays up on every host and keeps ~3 MB less resident this way. Anything
// with the methods below (a pino logger too) can be passed where a Logger is asked for.
import { chmodSync, closeSync, openSync, writeSync } from 'node:fs';

interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  flush(): void;
}

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type LevelName = keyof typeof LEVELS;

/** Errors as pino's std serializer writes them: type, message and stack with their causes', own fields. */
function errorObject(error: Error, seen: Set<unknown>): Record<string, unknown> {
  seen.add(error);
  let message = error.message;
  let stack = error.stack ?? '';
  const chain = new Set<unknown>([error]);
  for (let c: unknown = error.cause; c instanceof Error && !chain.has(c); c = c.cause) {
    chain.add(c);
    if (c.message) message += `: ${c.message}`;
    stack += `\ncaused by: ${c.stack ?? ''}`;
  }
  const out: Record<string, unknown> = { type: error.constructor.name, message, stack };
  for (const [k, v] of Object.entries(error)) if (!(k in out) && k !== 'cause') out[k] = v instanceof Error && !seen.has(v) ? errorObject(v, seen) : v;
  return out;
}

function line(level: number, fields: object, msg: string | undefined): string {
  const record: Record<string, unknown> = { level, time: Date.now(), pid: process.pid };
  for (const [k, v] of Object.entries(fields)) record[k] = k === 'err' && v instanceof Error ? errorObject(v, new Set()) : v;
  if (msg !== undefined) record.msg = msg;
  const seen = new WeakSet<object>();
  return `${JSON.stringify(record, (_k, v: unknown) => {
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  })}\n`;
}

export function fileLogger(file: string, level: string = process.env.WARDEN_LOG_LEVEL ?? 'info'): Logger {
  if (level !== 'silent' && !Object.hasOwn(LEVELS, level)) throw new Error(`unknown level ${level}`);
  const threshold = level === 'silent' ? Infinity : LEVELS[level as LevelName];
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const fd = openSync(file, 'a', 0o600);
  const write = (text: string): void => {
    try {
      writeSync(fd, text);
    } catch {
      // A full disk or a removed home must not take the daemon down: the audit log is the record.
    }
  };
  const fn = (name: LevelName): LogFn => {
    const n = LEVELS[name];
    return (a: object | string, b?: string) => {
      if (n < threshold) return;
      if (typeof a === 'string') write(line(n, {}, a));
      else if (a instanceof Error) write(line(n, { err: a }, b ?? a.message));
      else write(line(n, a, b));
    };
  };
  return { trace: fn('trace'), debug: fn('debug'), info: fn('info'), warn: fn('warn'), error: fn('error'), fatal: fn('fatal'), flush: () => undefined };
}
