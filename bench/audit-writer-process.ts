// One of several processes appending to the same audit log at once, as proxies, the daemon and
// hooks do on one host. Started by the audit-append bench with the database file, a seed, how
// many entries and the mean pause between them (ms); it waits for "go", appends one entry at a
// time, and sends back how long each append took to become durable (µs).
import { AuditLog } from '../src/audit/audit-log.js';
import { loadOrCreateHostKey } from '../src/audit/host-key.js';
import { SqliteAuditStore } from '../src/store/sqlite/sqlite-audit-store.js';
import { entryGenerator } from './audit-entries.js';
import { microsBetween } from './stats.js';

const [file, keysDir, seed, count, pauseMs] = process.argv.slice(2);
if (!file || !keysDir || !process.send) {
  process.stderr.write('usage (from the bench, with an IPC channel): audit-writer-process <db> <keys dir> <seed> <count> <pause ms>\n');
  process.exit(1);
}
const store = await SqliteAuditStore.open(file);
const log = await AuditLog.open(store, loadOrCreateHostKey(keysDir));
const make = entryGenerator(Number(seed));
const n = Number(count);
const pause = Number(pauseMs);
process.once('message', () => {
  void (async () => {
    const micros: number[] = [];
    for (let i = 0; i < n; i++) {
      const entry = make();
      const t0 = process.hrtime.bigint();
      await log.append(entry);
      micros.push(microsBetween(t0, process.hrtime.bigint()));
      // Jittered, so that the writers do not fall into step.
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    }
    await log.close();
    await store.close();
    process.send!(micros, () => process.exit(0));
  })();
});
process.send({ ready: true });
