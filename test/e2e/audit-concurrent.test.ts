// Processes appending to one audit log at once (the daemon, hooks judging without it, proxies):
// each chains its entries inside its write transaction, from where the stored chain ends, so none
// forks it; and several opening a log that does not exist yet all find it made.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from './run-cli.js';

const HOST_LOG = new URL('../../build/src/store/host-audit-log.js', import.meta.url).href;

/** A writer process: `batches` appends of 1..3 entries each, as fast as it can. */
function writer(box: Sandbox, name: string, batches: number): Promise<number | null> {
  const script = `
    const { openHostAuditLog } = await import(${JSON.stringify(HOST_LOG)});
    const audit = await openHostAuditLog(process.env.WARDEN_HOME, { checkpointEvery: 7 });
    for (let i = 0; i < ${batches}; i++) {
      const n = 1 + (i % 3);
      await audit.log.appendBatch(Array.from({ length: n }, (_, j) => ({ type: 'command', host: ${JSON.stringify(name)}, subject: 'ls ' + i + '.' + j, verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok' })));
    }
    await audit.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', WARDEN_HOME: box.wardenHome, HOME: box.home }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

let box: Sandbox | null = null;
afterEach(() => box?.remove());

describe('two processes appending to one audit log', () => {
  it('leave one chain that `warden audit verify` proves, every entry in it', async () => {
    box = sandbox();
    // The host key and the schema first (one entry), so both writers start on an existing log.
    expect(await writer(box, 'install', 1)).toBe(0);
    const codes = await Promise.all([writer(box, 'daemon', 150), writer(box, 'hook', 150)]);
    expect(codes).toEqual([0, 0]);
    const verify = box.run(['audit', 'verify', '--json']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: 601, firstSeq: 1, lastSeq: 601 });
  }, 120_000);

  it('started together on a log that does not exist yet, four writers all append and `warden audit verify` proves the one chain', async () => {
    box = sandbox();
    // 40 batches of 1, 2, 3, 1, … entries: 79 each.
    const codes = await Promise.all(['proxy-a', 'proxy-b', 'proxy-c', 'daemon'].map((name) => writer(box!, name, 40)));
    expect(codes).toEqual([0, 0, 0, 0]);
    const verify = box.run(['audit', 'verify', '--json']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: 316, firstSeq: 1, lastSeq: 316 });
  }, 120_000);
});
