// The proxy's JSONL log (--log FILE): one JSON object per line, appended synchronously so a
// record is in the file before the call it describes goes on. Created 0600.
import { closeSync, openSync, writeSync } from 'node:fs';

export class JsonlLog {
  private fd: number | null;

  private constructor(readonly path: string, fd: number) {
    this.fd = fd;
  }

  static open(path: string): JsonlLog {
    return new JsonlLog(path, openSync(path, 'a', 0o600));
  }

  write(record: object): void {
    if (this.fd === null) return;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
