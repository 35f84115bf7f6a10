// `warden watch`: sends the alerts of this host's audit log (blocked, held, high-severity
// would-block, integrity events) to a webhook (Slack, Teams, PagerDuty, any JSON endpoint) and/or
// a JSONL file, following the log as proxies, gateways and the daemon write it.
import type { Command } from 'commander';
import { ALERT_FORMATS, type Alert, type AlertFormat } from '../../agent/sinks/alert-payloads.js';
import { watchAlerts } from '../../agent/sinks/alert-watch.js';
import { openDestination, PAGERDUTY_EVENTS_URL } from '../../agent/sinks/destinations.js';
import { shownUrl } from '../../agent/sinks/webhook-post.js';
import { UsageError } from '../../core/errors.js';
import { SEVERITIES, type Severity } from '../../core/vocabulary.js';
import { ExitError, EXIT } from '../exit.js';
import { wardenHome } from '../warden-home.js';
import { auditHomePaths, openExistingStore } from './audit-open.js';

interface WatchCliOptions {
  webhook?: string;
  format: string;
  routingKey?: string;
  log?: string;
  minSeverity: string;
  fromStart?: boolean;
  once?: boolean;
  interval: string;
  tries: string;
  json?: boolean;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function webhookUrl(raw: string | undefined, format: AlertFormat, warn: (m: string) => void): URL | null {
  const given = raw ?? process.env.WARDEN_WEBHOOK_URL ?? (format === 'pagerduty' ? PAGERDUTY_EVENTS_URL : undefined);
  if (given === undefined || given === '') return null;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError('--webhook is not a URL (give the whole address, https://…)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--webhook must be an http(s) address, not ${url.protocol}`);
  if (url.username || url.password) throw new UsageError('--webhook must not hold a user name or password; put the token where the service says (its path or --routing-key)');
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) warn(`warning: alerts go to ${shownUrl(url)} over plain http, readable on the way`);
  return url;
}

function positiveInt(raw: string, what: string, min: number): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${what} must be a whole number of at least ${min}, not "${raw}"`);
  return n;
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('Send the alerts of this host\'s audit log to a webhook (Slack, Teams, PagerDuty, JSON) or a JSONL file')
    .option('--webhook <url>', 'POST each alert here (default: $WARDEN_WEBHOOK_URL; PagerDuty\'s events API for --format pagerduty)')
    .option('--format <format>', `the webhook's payload: ${ALERT_FORMATS.join(', ')}`, 'json')
    .option('--routing-key <key>', 'PagerDuty integration key (default: $WARDEN_PAGERDUTY_ROUTING_KEY)')
    .option('--log <file>', 'also append each alert to this JSONL file (created 0600)')
    .option('--min-severity <severity>', `only alerts of this severity or above: ${SEVERITIES.join(', ')}`, 'info')
    .option('--from-start', 'on the first run, send the alerts already in the log too (default: only new ones)')
    .option('--once', 'send what is there, then stop (for cron and scripts)')
    .option('--interval <ms>', 'how often the log is read again when nothing is new', '1000')
    .option('--tries <n>', 'with --once: tries per alert before giving up (following, it tries until delivered)', '5')
    .option('--json', 'print each alert sent as one JSON line')
    .addHelpText('after', `
Alerts are the entries the control plane alerts on: blocked calls, calls held for approval,
would-block calls of high or critical severity (monitor mode), and integrity events. They are read
from $WARDEN_HOME/audit.db in order and sent at least once: where the watch got to is kept per
destination in $WARDEN_HOME/watch/ (0600), so a restart resumes there. A webhook that answers
408, 429, 5xx or not at all is tried again with growing pauses (1 s up to 60 s); any other answer
stops the watch with status 1, and nothing after that alert is skipped: fix the address and run it
again. Text an agent wrote is escaped for Slack and Teams, so it shows as text, never as a mention
or a link. Webhook addresses hold tokens: pass them in $WARDEN_WEBHOOK_URL (and PagerDuty's key in
$WARDEN_PAGERDUTY_ROUTING_KEY) to keep them out of the process list; they are never stored.

Examples:
  WARDEN_WEBHOOK_URL=https://hooks.slack.com/services/T…/B…/… warden watch --format slack
  warden watch --format pagerduty --min-severity high
  warden watch --format teams --webhook "$TEAMS_WORKFLOW_URL"
  warden watch --once --from-start --log alerts.jsonl`)
    .action(async (o: WatchCliOptions) => {
      if (!(ALERT_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format must be one of ${ALERT_FORMATS.join(', ')}, not "${o.format}"`);
      const format = o.format as AlertFormat;
      if (!(SEVERITIES as readonly string[]).includes(o.minSeverity)) throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}, not "${o.minSeverity}"`);
      const say = (m: string): void => console.error(m);
      const webhook = webhookUrl(o.webhook, format, say);
      const routingKey = o.routingKey ?? process.env.WARDEN_PAGERDUTY_ROUTING_KEY;
      if (format === 'pagerduty' && webhook && !routingKey) throw new UsageError('--format pagerduty needs the integration key: --routing-key KEY or $WARDEN_PAGERDUTY_ROUTING_KEY');
      if (!webhook && !o.log) throw new UsageError('where to? --webhook URL (or $WARDEN_WEBHOOK_URL), --log FILE, or both');
      const intervalMs = positiveInt(o.interval, '--interval', 50);
      const maxTries = positiveInt(o.tries, '--tries', 1);

      const paths = auditHomePaths();
      const store = await openExistingStore(paths);
      if (!store) throw new UsageError(`no audit log at ${paths.db} yet: nothing to watch (proxies, gateways and the daemon write it)`);
      let destination: ReturnType<typeof openDestination>;
      try {
        destination = openDestination({ webhook, format, routingKey, log: o.log ?? null });
      } catch (error) {
        await store.close();
        throw new UsageError(`cannot open --log ${o.log ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const where = [webhook ? `${shownUrl(webhook)} (${format})` : null, o.log ?? null].filter(Boolean).join(' and ');
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const result = await watchAlerts({
          store, destination, wardenHome: wardenHome(), minSeverity: o.minSeverity as Severity, fromStart: o.fromStart ?? false,
          once: o.once ?? false, intervalMs, maxTries, signal: stop.signal,
          onStart: (from, resumed) => { if (!o.json) say(`${o.once ? 'sending' : 'watching'} alerts to ${where}, after audit entry #${from}${resumed ? '' : o.fromStart ? ' (from the start)' : ' (new ones only; --from-start for the rest)'}`); },
          onDelivered: (a: Alert) => console.log(o.json ? JSON.stringify(a) : `sent #${a.seq} ${a.title} (${a.severity})`),
          onRetry: (a, reason, waitMs) => say(`#${a.seq} not sent: ${reason}; trying again in ${Math.round(waitMs / 1000)} s`),
          onRestart: (was, end) => say(`the audit log ends at #${end}, before #${was} where this watch got to: it is a new log; reading it from its start`),
        });
        if (!o.json) say(`${result.delivered} alert${result.delivered === 1 ? '' : 's'} sent; read through audit entry #${result.through}`);
        if (result.failure) throw new ExitError(EXIT.usage, `warden watch: ${result.failure}; the next run starts again with that alert`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        destination.close();
        await store.close();
      }
    });
}
