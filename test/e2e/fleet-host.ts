// A host of the fleet, driven the way the Warden daemon drives the control plane: enroll with a
// token and its own Ed25519 audit key, download its policy, judge commands with the built
// `warden check` against that policy, chain and sign the entries with the project's audit code,
// and upload them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chainBatch, type ChainState } from '../../src/audit/chain-batch.js';
import { signCheckpoint, type SignedCheckpoint } from '../../src/audit/checkpoint.js';
import type { AuditEntryInput, AuditRecord } from '../../src/audit/entry.js';
import { recordJson } from '../../src/audit/export/record-json.js';
import { loadOrCreateHostKey, type HostKey } from '../../src/audit/host-key.js';
import { normaliseEntry } from '../../src/audit/normalise.js';
import { WARDEN_BIN } from './run-cli.js';

export interface CheckResult {
  readonly verdict: 'allow' | 'flag' | 'ask' | 'block';
  readonly outcome: 'allowed' | 'blocked' | 'would_block' | 'held';
  readonly mode: 'monitor' | 'enforce';
  readonly severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
  readonly rule: string | null;
  readonly reason: string;
}

export interface Activity {
  readonly command: string;
  readonly session: string;
  readonly agent: string;
  readonly atMs: number;
}

export interface UploadAnswer {
  readonly stored: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly integrity: readonly unknown[];
}

export class FleetHost {
  readonly key: HostKey;
  hostId = '';
  private token = '';
  private state: ChainState = { tail: null, lastTimeMs: 0, unsigned: 0, lastCheckpointMs: 0 };
  private role: string | null = null;

  constructor(
    readonly server: string,
    readonly hostname: string,
    readonly home: string,
  ) {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    this.key = loadOrCreateHostKey(join(home, 'keys'));
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = (): Promise<Response> => fetch(`${this.server}/api/v1${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // A kept-alive connection the server closed while idle fails the next request on it; the
    // daemon retries, as every host call here is idempotent.
    const res = await send().catch(send);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (path.includes('policy') && !path.includes('format=json') ? text : JSON.parse(text)) as T;
  }

  async enroll(enrollmentToken: string): Promise<void> {
    const publicKey = this.key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const answer = await this.call<{ hostId: string; hostToken: string }>('POST', '/enroll', { token: enrollmentToken, hostname: this.hostname, publicKey, os: 'linux', agentVersion: '0.1.0' });
    this.hostId = answer.hostId;
    this.token = answer.hostToken;
  }

  /** The host's effective policy, written where `warden check --policy` reads it. */
  async fetchPolicy(): Promise<string> {
    const yaml = await this.call<string>('GET', '/host/policy');
    const file = join(this.home, 'policy.yaml');
    writeFileSync(file, yaml, { mode: 0o600 });
    this.role = /^default_role: (\S+)$/m.exec(yaml)?.[1] ?? null;
    return yaml;
  }

  /** What the built `warden check` decides for a command under the downloaded policy. */
  judge(command: string, agent: string): CheckResult {
    const r = spawnSync(process.execPath, [WARDEN_BIN, 'check', '--policy', join(this.home, 'policy.yaml'), '--host', this.hostname, '--agent', agent, '--json', '--', command], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: this.home, WARDEN_HOME: this.home, NO_COLOR: '1' },
      timeout: 20_000,
    });
    if (r.status !== 0 && r.status !== 2 && r.status !== 3) throw new Error(`warden check failed (${String(r.status)}): ${r.stderr}`);
    return JSON.parse(r.stdout) as CheckResult;
  }

  /** Judges each command, chains the entries in time order and uploads them with their checkpoints. */
  async run(activity: readonly Activity[]): Promise<{ answer: UploadAnswer; records: AuditRecord[] }> {
    const records: AuditRecord[] = [];
    const checkpoints: SignedCheckpoint[] = [];
    for (const a of [...activity].sort((x, y) => x.atMs - y.atMs)) {
      const d = this.judge(a.command, a.agent);
      const input: AuditEntryInput = {
        type: 'command', host: this.hostname, agent: a.agent, session: a.session, tool: 'Bash', cwd: '/home/dev/app',
        binary: a.command.split(' ')[0] ?? null, subject: a.command, arguments: { command: a.command },
        verdict: d.verdict, outcome: d.outcome, severity: d.severity, role: this.role, mode: d.mode, rule: d.rule, reason: d.reason, latencyMs: 0.8,
      };
      const batch = chainBatch(this.state, [normaliseEntry(input)], a.atMs, { every: 4, intervalMs: 60_000 }, (at, time) => signCheckpoint(this.key, 'checkpoint', at, time));
      this.state = batch.state;
      records.push(...batch.records);
      checkpoints.push(...batch.checkpoints);
    }
    const answer = await this.call<UploadAnswer>('POST', '/host/audit', { entries: records.map(recordJson), checkpoints });
    return { answer, records };
  }

  async discover(items: readonly { name: string; version?: string; type: 'mcp_server' | 'plugin' | 'extension' | 'package'; findings?: { severity: string; title: string }[] }[]): Promise<void> {
    await this.call('POST', '/host/discoveries', { items });
  }
}
