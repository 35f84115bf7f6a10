import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { checkpointCopyFile } from '../audit/checkpoint-copy.js';
import { loadPublicKey } from '../audit/host-key.js';
import { verifyAuditLog } from '../audit/verify.js';
import { openHostAuditLog } from './host-audit-log.js';
import { SqliteAuditStore, WAL_AUTOCHECKPOINT_PAGES } from './sqlite/sqlite-audit-store.js';

let root: string | null = null;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = null;
});

/** A WARDEN_HOME that does not exist yet, inside a temporary directory removed after the test. */
function newHome(): string {
  root = mkdtempSync(join(tmpdir(), 'warden-home-'));
  return join(root, 'state');
}

it('opens the log under WARDEN_HOME, making what is missing, and signs at close', async () => {
  const home = newHome();
  const host = await openHostAuditLog(home);
  const record = await host.log.append({ type: 'command', subject: 'npm test', verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok' });
  expect(record.seq).toBe(1);
  await host.close();
  expect(statSync(home).mode & 0o777).toBe(0o700);
  expect(existsSync(host.paths.privateKey) && existsSync(host.paths.publicKey)).toBe(true);
  expect(checkpointCopyFile(host.paths.checkpointCopy).read()).toMatchObject({ seq: 1 });

  const again = await openHostAuditLog(home);
  expect((await again.log.append({ type: 'command', subject: 'ls', verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok' })).seq).toBe(2);
  await again.close();
  const store = await SqliteAuditStore.open(host.paths.db);
  expect(await verifyAuditLog(store, loadPublicKey(host.paths.publicKey), { witness: checkpointCopyFile(host.paths.checkpointCopy).read() })).toMatchObject({ ok: true, checked: 2, unsignedTail: 0 });
  await store.close();
});

it('checkpoints its WAL as often as it is asked, on its own connection only', async () => {
  const home = newHome();
  const walPages = (h: { store: SqliteAuditStore }): unknown => (h.store as unknown as { raw: { pragma(p: string, o: { simple: true }): unknown } }).raw.pragma('wal_autocheckpoint', { simple: true });
  const session = await openHostAuditLog(home, { walAutocheckpointPages: 1_000 });
  const daemon = await openHostAuditLog(home);
  expect(walPages(session)).toBe(1_000);
  expect(walPages(daemon)).toBe(WAL_AUTOCHECKPOINT_PAGES);
  await session.close();
  await daemon.close();
});
