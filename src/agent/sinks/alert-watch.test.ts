// warden watch's loop on a real host audit log (SQLite) and a real webhook on loopback: which
// entries become alerts, in order, at least once, resumed where it stopped; retries, refusals, and
// the payloads Slack, Teams and PagerDuty expect, with what an agent wrote escaped.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../audit/entry.js';
import { openHostAuditLog, type HostAuditLog } from '../../store/host-audit-log.js';
import { alertOf, alertPayload, slackText, type Alert } from './alert-payloads.js';
import { watchAlerts, type WatchOptions } from './alert-watch.js';
import { openDestination } from './destinations.js';

let home: string;
let host: HostAuditLog;
let server: Server;
let url: URL;
/** What the webhook answers, call by call (200 once they run out), and what it was sent. */
let answers: number[];
let received: unknown[];

const readBody = (req: IncomingMessage): Promise<string> => new Promise((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'warden-watch-'));
  host = await openHostAuditLog(home);
  answers = [];
  received = [];
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const status = answers.shift() ?? 200;
      if (status === 200) received.push(JSON.parse(body));
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no_service');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/services/T0/B0/secret-token`);
});
afterEach(async () => {
  await host.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(home, { recursive: true, force: true });
});

const entry = (subject: string, outcome: AuditEntryInput['outcome'], severity: AuditEntryInput['severity'] = 'high'): AuditEntryInput => ({
  type: 'mcp_tool_call', host: 'dev-1', agent: 'claude-code', subject, verdict: outcome === 'allowed' ? 'allow' : 'block', outcome, severity,
  role: 'developer', mode: 'enforce', rule: 'no-writes', reason: `${subject} is not allowed here`,
});

function watch(o: Partial<WatchOptions> & { format?: 'json' | 'slack' | 'teams' | 'pagerduty' } = {}) {
  const destination = openDestination({ webhook: url, format: o.format ?? 'json', log: null, timeoutMs: 2_000 });
  const retries: string[] = [];
  return watchAlerts({
    store: host.store, destination, wardenHome: home, minSeverity: 'info', fromStart: false, once: true, intervalMs: 10, maxTries: 3,
    sleep: () => Promise.resolve(), onRetry: (_a, reason) => retries.push(reason), ...o,
  }).then((r) => ({ ...r, retries }));
}

const titles = (): string[] => received.map((r) => (r as { alert: Alert }).alert.title);

describe('warden watch', () => {
  it('sends only new alerts on the first run, then each alert once, in order, resuming where it stopped', async () => {
    await host.log.append(entry('filesystem/write_file', 'blocked'));
    expect(await watch()).toMatchObject({ delivered: 0, through: 1 });
    await host.log.appendBatch([entry('filesystem/read_file', 'allowed', 'info'), entry('github/delete_branch', 'blocked', 'critical'), entry('db/query', 'would_block', 'low'), entry('db/drop', 'would_block', 'high')]);
    await host.log.append({ type: 'integrity', subject: 'daemon killed', verdict: 'flag', outcome: 'allowed', severity: 'high', reason: 'the daemon was down' });
    expect(await watch()).toMatchObject({ delivered: 3, through: 6 });
    expect(titles()).toEqual(['Blocked: github/delete_branch', 'Would block: db/drop', 'Integrity event: daemon killed']);
    expect(received[0]).toMatchObject({ source: 'warden', version: 1, alert: { seq: 3, severity: 'critical', outcome: 'blocked', host: 'dev-1', agent: 'claude-code', rule: 'no-writes', reason: 'github/delete_branch is not allowed here' } });
    // Nothing is sent twice.
    expect(await watch()).toMatchObject({ delivered: 0, through: 6 });
    expect(received).toHaveLength(3);
    // The cursor: private, and without the webhook's token.
    const dir = join(home, 'watch');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(dir);
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, file!), 'utf8')).not.toContain('secret-token');
  });

  it('--from-start sends what is already there, above --min-severity', async () => {
    await host.log.appendBatch([entry('a/low', 'blocked', 'low'), entry('a/high', 'blocked', 'high'), entry('a/held', 'held', 'medium')]);
    expect(await watch({ fromStart: true, minSeverity: 'medium' })).toMatchObject({ delivered: 2, through: 3 });
    expect(titles()).toEqual(['Blocked: a/high', 'Held for approval: a/held']);
  });

  it('tries again after 5xx and 429, and an alert the webhook refused is the first one sent next time', async () => {
    await host.log.appendBatch([entry('a/one', 'blocked'), entry('a/two', 'blocked')]);
    answers = [503, 429];
    const first = await watch({ fromStart: true });
    expect(first).toMatchObject({ delivered: 2, through: 2 });
    expect(first.retries).toEqual([expect.stringMatching(/answered HTTP 503: no_service$/), expect.stringMatching(/answered HTTP 429/)]);
    expect(first.retries.join()).not.toContain('secret-token');

    await host.log.appendBatch([entry('a/three', 'blocked'), entry('a/four', 'blocked')]);
    answers = [404];
    const refused = await watch();
    expect(refused).toMatchObject({ delivered: 0, through: 2 });
    expect(refused.failure).toMatch(/refused the alert \(HTTP 404: no_service\); check the address and its token$/);
    answers = [500, 500, 500];
    const unavailable = await watch();
    expect(unavailable).toMatchObject({ delivered: 0, through: 2 });
    expect(unavailable.failure).toMatch(/HTTP 500.*not delivered after 3 tries$/);
    expect(await watch()).toMatchObject({ delivered: 2, through: 4 });
    expect(titles()).toEqual(['Blocked: a/one', 'Blocked: a/two', 'Blocked: a/three', 'Blocked: a/four']);
  });

  it('reads a log that was replaced (it ends before where the watch got to) from its start', async () => {
    await host.log.appendBatch([entry('a/one', 'blocked'), entry('a/two', 'blocked'), entry('a/three', 'blocked')]);
    expect(await watch({ fromStart: true })).toMatchObject({ delivered: 3, through: 3 });
    // A new audit.db in the same WARDEN_HOME: its chain starts again at 1.
    await host.close();
    rmSync(join(home, 'audit.db'), { force: true });
    rmSync(join(home, 'audit.db-wal'), { force: true });
    rmSync(join(home, 'audit.db-shm'), { force: true });
    rmSync(join(home, 'audit-checkpoint.json'), { force: true });
    host = await openHostAuditLog(home);
    await host.log.append(entry('b/new', 'blocked'));
    const restarts: string[] = [];
    expect(await watch({ onRestart: (was, end) => restarts.push(`${was}>${end}`) })).toMatchObject({ delivered: 1, through: 1 });
    expect(restarts).toEqual(['3>1']);
    expect(titles().at(-1)).toBe('Blocked: b/new');
  });

  it('follows the log until stopped', async () => {
    const stop = new AbortController();
    const following = watch({ once: false, signal: stop.signal, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    await new Promise((r) => setTimeout(r, 50));
    await host.log.append(entry('late/call', 'blocked'));
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    expect(await following).toMatchObject({ delivered: 1, through: 1 });
    expect(titles()).toEqual(['Blocked: late/call']);
  });

  it('quotes the start of a refusal without reading all of it (a webhook may answer without end)', async () => {
    await host.log.append(entry('a/one', 'blocked'));
    await new Promise((resolve) => server.close(resolve));
    server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.write(`no such hook ${'x'.repeat(10_000)}`);
      const more = setInterval(() => res.write('x'.repeat(64_000)), 5);
      res.on('close', () => clearInterval(more));
    });
    await new Promise<void>((resolve) => server.listen(Number(url.port), '127.0.0.1', resolve));
    const r = await watch({ fromStart: true });
    expect(r.failure).toMatch(/refused the alert \(HTTP 404: no such hook x+…\); check the address and its token$/);
    expect(r.failure!.length).toBeLessThan(400);
  });

  it('reports a webhook that cannot be reached', async () => {
    await host.log.append(entry('a/one', 'blocked'));
    await new Promise((resolve) => server.close(resolve));
    server = createServer();
    const r = await watch({ fromStart: true, maxTries: 2 });
    expect(r.failure).toMatch(/^http:\/\/127\.0\.0\.1:\d+ could not be reached \(ECONNREFUSED\); not delivered after 2 tries$/);
  });

  it('writes each alert to a JSONL file, alone or beside a webhook', async () => {
    await host.log.append(entry('a/one', 'blocked'));
    const file = join(home, 'alerts.jsonl');
    const r = await watchAlerts({ store: host.store, destination: openDestination({ webhook: null, format: 'json', log: file }), wardenHome: home, minSeverity: 'info', fromStart: true, once: true, intervalMs: 10, maxTries: 1 });
    expect(r.delivered).toBe(1);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; alert: Alert });
    expect(lines).toMatchObject([{ type: 'alert', alert: { seq: 1, title: 'Blocked: a/one' } }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('alert payloads', () => {
  const hostile = async (): Promise<Alert> => {
    const r = await host.log.append({ ...entry('<!channel> [click](https://evil.example) *now* & `rm -rf`', 'blocked', 'critical'), reason: 'because <@U123> said so\nsecond line' });
    return alertOf(r)!;
  };

  it('Slack: a message whose text cannot mention, link or format', async () => {
    const a = await hostile();
    const p = alertPayload('slack', a) as { text: string; blocks: { text?: { text: string }; elements?: { text: string }[] }[] };
    expect(p.text).toBe('Warden: Blocked: &lt;!channel&gt; [click](https://evil.example) *now* &amp; `rm -rf`');
    expect(p.blocks[0]!.text!.text).toContain('because &lt;@U123&gt; said so');
    expect(JSON.stringify(p)).not.toMatch(/<[!@]/);
    expect(p.blocks[1]!.elements![0]!.text).toBe('critical · claude-code on dev-1 · role developer (enforce) · rule no-writes · audit entry #1');
    expect(slackText('a & b')).toBe('a &amp; b');
  });

  it('Teams: an Adaptive Card whose text is never read as Markdown', async () => {
    const a = await hostile();
    const p = alertPayload('teams', a) as { type: string; attachments: { contentType: string; content: { type: string; version: string; body: { type: string; inlines: Record<string, unknown>[] }[] } }[] };
    expect(p.type).toBe('message');
    expect(p.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = p.attachments[0]!.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    // Only RichTextBlock and TextRun: a TextRun shows its text as written, links and emphasis included.
    expect(card.body.map((b) => [b.type, ...b.inlines.map((i) => i.type)])).toEqual([['RichTextBlock', 'TextRun'], ['RichTextBlock', 'TextRun'], ['RichTextBlock', 'TextRun']]);
    expect(card.body[0]!.inlines[0]).toEqual({ type: 'TextRun', text: a.title, weight: 'Bolder', color: 'Attention' });
    expect(card.body[0]!.inlines[0]!.text).toBe('Blocked: <!channel> [click](https://evil.example) *now* & `rm -rf`');
    expect(card.body[1]!.inlines[0]!.text).toBe('because <@U123> said so\nsecond line');
  });

  it('PagerDuty: an Events API v2 trigger, one incident per entry', async () => {
    const a = await hostile();
    const p = alertPayload('pagerduty', a, { routingKey: 'R0UTING' }) as Record<string, unknown> & { payload: Record<string, unknown> };
    expect(p).toMatchObject({ routing_key: 'R0UTING', event_action: 'trigger', dedup_key: 'warden:dev-1:1' });
    expect(p.payload).toMatchObject({ source: 'dev-1', severity: 'critical', component: 'claude-code', group: 'developer', class: 'mcp_tool_call', timestamp: a.time });
    expect(alertPayload('pagerduty', { ...a, severity: 'high' }, {})).toMatchObject({ payload: { severity: 'error' } });
  });

  it('clips what an agent wrote: a megabyte command makes a small alert', async () => {
    const r = await host.log.append(entry(`run ${'x'.repeat(1_000_000)}`, 'blocked'));
    const a = alertOf(r)!;
    expect(a.title.length).toBeLessThanOrEqual(200);
    expect(JSON.stringify(alertPayload('slack', a)).length).toBeLessThan(4_000);
  });
});
