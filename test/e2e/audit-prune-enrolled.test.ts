// `warden audit prune` on a host enrolled in a real control plane (the server on a loopback port,
// SQLite): entries the server has not received are kept however old, said so in the output and in
// --json, and pruned once uploaded; --force deletes them too, with a warning on stderr.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../src/audit/entry.js';
import { readUploadCursor } from '../../src/agent/sync/audit-uploader.js';
import { enrollHost } from '../../src/agent/sync/enroll.js';
import { startHostSync } from '../../src/agent/sync/host-sync.js';
import type { ServerLink } from '../../src/agent/sync/server-link.js';
import { firstStart } from '../../src/server/org-setup.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { hashSecret, newSecret } from '../../src/store/fleet/ids.js';
import { openHostAuditLog } from '../../src/store/host-audit-log.js';
import { openSqliteFleetStore } from '../../src/store/sqlite/sqlite-fleet-store.js';
import { WARDEN_BIN, type CliResult } from './run-cli.js';
import { until as waitUntil } from './until.js';

const PASSWORD = 'a long enough admin password';
const DAY = 86_400_000;
const quiet = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> => waitUntil(what, probe, 10_000);

interface Plane { readonly server: RunningServer; admin(): Promise<(path: string) => Promise<Response>> }

async function controlPlane(): Promise<Plane & { link(home: string): Promise<ServerLink> }> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-plane-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openSqliteFleetStore(join(dir, 'server.db'));
  const first = await firstStart(store, { email: 'admin@example.test', password: PASSWORD });
  const server = await startServer({ store, hostname: '127.0.0.1', port: 0 });
  cleanups.push(() => server.close());
  return {
    server,
    async admin() {
      const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.test', password: PASSWORD }) });
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      return (path) => fetch(`${server.url}/api/v1${path}`, { headers: { cookie } });
    },
    async link(home) {
      const secret = newSecret('wet');
      await store.enrollmentTokens.create(first.org!.id, hashSecret(secret), { roleId: null, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'test' });
      return (await enrollHost({ wardenHome: home, url: server.url, token: secret, hostname: 'dev-1', version: 'test' })).link;
    },
  };
}

function hostHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'warden-host-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

const warden = (home: string, args: readonly string[]): CliResult => {
  const r = spawnSync(process.execPath, [WARDEN_BIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: home, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const command = (subject: string): AuditEntryInput => ({ type: 'command', host: 'dev-1', agent: 'claude-code', subject, verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok' });

/** Appends entries to the host's log as if written `daysAgo` days ago. */
async function write(home: string, daysAgo: number, subjects: readonly string[]): Promise<void> {
  const audit = await openHostAuditLog(home, { clock: () => Date.now() - daysAgo * DAY });
  try {
    await audit.log.appendBatch(subjects.map(command));
  } finally {
    await audit.close();
  }
}

/** Runs the daemon's upload loop until the server holds entries up to `seq`. */
async function upload(home: string, link: ServerLink, seq: number): Promise<void> {
  const audit = await openHostAuditLog(home);
  const sync = startHostSync({ wardenHome: home, link, store: audit.store, log: quiet, uploadDelayMs: 50, maxBackoffMs: 200 });
  try {
    await until(`the server holding entries up to ${seq}`, () => ((readUploadCursor(home, link.url, link.hostId)?.stored ?? 0) >= seq ? true : undefined));
  } finally {
    await sync.stop();
    await audit.close();
  }
}

const subjects = (home: string): string[] => (JSON.parse(warden(home, ['audit', 'list', '--json']).stdout) as Array<{ subject: string; seq: number }>).sort((a, b) => a.seq - b.seq).map((e) => e.subject);

describe('warden audit prune on a host enrolled in a control plane', { timeout: 60_000 }, () => {
  it('keeps old entries the server has not received, says so, and prunes them once they are uploaded', async () => {
    const plane = await controlPlane();
    const home = hostHome();
    const link = await plane.link(home);
    await write(home, 100, ['old 1', 'old 2', 'old 3']);
    await upload(home, link, 3);
    await write(home, 100, ['old 4', 'old 5']);
    await write(home, 0, ['new 6']);

    const json = warden(home, ['audit', 'prune', '--older-than', '90d', '--json']);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual({
      pruned: 3, anchorSeq: 3, olderThan: '90d', enrolled: true, server: link.url, uploadedThrough: 3, keptNotUploaded: 2, deletedNotUploaded: 0, forced: false,
    });
    expect(subjects(home)).toEqual(['old 4', 'old 5', 'new 6']);

    const text = warden(home, ['audit', 'prune', '--older-than', '90d']);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe(`no entries older than 90d pruned\nkept 2 entries older than 90d not yet uploaded to the control plane (${link.url} holds entries up to 3); they are pruned once uploaded (--force deletes them now)\n`);

    // The upload goes on from where the server's copy ends: nothing was lost to it.
    await upload(home, link, 6);
    const admin = await plane.admin();
    const onServer = ((await (await admin('/audit')).json()) as { entries: Array<{ subject: string }> }).entries.map((e) => e.subject).sort();
    expect(onServer).toEqual(['new 6', 'old 1', 'old 2', 'old 3', 'old 4', 'old 5']);

    const after = warden(home, ['audit', 'prune', '--older-than', '90d']);
    expect(after.stdout).toBe('pruned 2 entries older than 90d (up to entry 5); the rest chains from a signed anchor\n');
    expect(subjects(home)).toEqual(['new 6']);
    expect(warden(home, ['audit', 'verify']).status).toBe(0);
  });

  it('with nothing uploaded yet keeps everything; --force deletes it with a loud warning', async () => {
    const plane = await controlPlane();
    const home = hostHome();
    const link = await plane.link(home);
    await write(home, 100, ['old 1', 'old 2']);

    const kept = warden(home, ['audit', 'prune', '--older-than', '90d']);
    expect(kept.status).toBe(0);
    expect(kept.stdout).toContain(`kept 2 entries older than 90d not yet uploaded to the control plane (${link.url} has received none of this host's log as far as is known here)`);
    expect(subjects(home)).toEqual(['old 1', 'old 2']);

    const forced = warden(home, ['audit', 'prune', '--older-than', '90d', '--force', '--json']);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/^WARNING: --force: deleting 2 entries older than 90d that the control plane has not received .*lost to it for good/);
    expect(JSON.parse(forced.stdout)).toMatchObject({ pruned: 2, anchorSeq: 2, enrolled: true, uploadedThrough: null, keptNotUploaded: 0, deletedNotUploaded: 2, forced: true });
    expect(subjects(home)).toEqual([]);
    expect(warden(home, ['audit', 'verify']).status).toBe(0);
  });

  it('an upload cursor left by another enrollment counts for nothing', async () => {
    const plane = await controlPlane();
    const home = hostHome();
    const link = await plane.link(home);
    const { writeUploadCursor } = await import('../../src/agent/sync/audit-uploader.js');
    writeUploadCursor(home, { server: 'http://127.0.0.1:1', hostId: link.hostId, stored: 100 });
    await write(home, 100, ['old 1']);
    expect(JSON.parse(warden(home, ['audit', 'prune', '--older-than', '90d', '--json']).stdout)).toMatchObject({ pruned: 0, uploadedThrough: null, keptNotUploaded: 1 });
  });
});
