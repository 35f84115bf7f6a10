// Alerts as the webhooks that receive them expect them: a plain JSON document, a Slack incoming
// webhook message, a Microsoft Teams workflow message (an Adaptive Card), a PagerDuty Events API v2
// event. What an agent wrote (a command, a reason quoting it) shows in each as text, never as a
// mention, a link or markup.
import { alertWorthy } from '../../audit/alert-worthy.js';
import type { AuditRecord } from '../../audit/entry.js';
import type { Severity } from '../../core/vocabulary.js';

export const ALERT_FORMATS = ['json', 'slack', 'teams', 'pagerduty'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

export interface Alert {
  /** The audit entry's place in the host's log. */
  readonly seq: number;
  readonly time: string;
  readonly kind: 'policy' | 'integrity';
  /** What makes it an alert and what it is about: `Blocked: git push --force`. */
  readonly title: string;
  readonly severity: Severity;
  readonly outcome: AuditRecord['outcome'];
  readonly verdict: AuditRecord['verdict'];
  readonly type: AuditRecord['type'];
  readonly host: string | null;
  readonly agent: string | null;
  readonly session: string | null;
  readonly subject: string;
  readonly reason: string;
  readonly rule: string | null;
  readonly role: string | null;
  readonly mode: AuditRecord['mode'];
  readonly findings: readonly { readonly rule: string; readonly severity: Severity; readonly title: string }[];
}

/** Text of this many characters at most per field: webhooks cap messages, and a command can be megabytes. */
const MAX_FIELD = 1_000;
const clip = (s: string, max = MAX_FIELD): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const oneLine = (s: string): string => s.replace(/[\r\n\t]+/g, ' ');

/** The alert an audit entry raises, or null when it raises none (the control plane's choice). */
export function alertOf(r: AuditRecord): Alert | null {
  const what = alertWorthy(r);
  if (what === null) return null;
  return {
    seq: r.seq, time: r.time, kind: r.type === 'integrity' ? 'integrity' : 'policy',
    title: clip(oneLine(`${what}: ${r.subject}`), 200), severity: r.severity, outcome: r.outcome, verdict: r.verdict, type: r.type,
    host: r.host, agent: r.agent, session: r.session, subject: clip(r.subject), reason: clip(r.reason), rule: r.rule, role: r.role, mode: r.mode,
    findings: r.findings.map((f) => ({ rule: f.rule, severity: f.severity, title: f.title })),
  };
}

/** Who, where, under which role: one line. */
function context(a: Alert): string {
  const parts = [a.severity, `${a.agent ?? 'unknown agent'} on ${a.host ?? 'this host'}`];
  if (a.role) parts.push(`role ${a.role}${a.mode ? ` (${a.mode})` : ''}`);
  if (a.rule) parts.push(`rule ${a.rule}`);
  parts.push(`audit entry #${a.seq}`);
  return parts.join(' · ');
}

/** Slack reads `&`, `<` and `>` as markup (`<!channel>`, `<https://…|text>`): escaped as its docs say. */
export const slackText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An Adaptive Card paragraph of plain text: a TextBlock reads Markdown (links, emphasis), a
 * RichTextBlock's TextRun never does, so what an agent wrote shows as written.
 */
const plainParagraph = (text: string, style: Record<string, unknown> = {}): unknown => ({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, ...style }] });

const PAGERDUTY_SEVERITY: Readonly<Record<Severity, 'critical' | 'error' | 'warning' | 'info'>> = { critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info' };

export interface PayloadOptions {
  /** PagerDuty's integration key (the events API's routing_key). */
  readonly routingKey?: string;
}

export function alertPayload(format: AlertFormat, a: Alert, o: PayloadOptions = {}): unknown {
  switch (format) {
    case 'json':
      return { source: 'warden', version: 1, alert: a };
    case 'slack':
      return {
        text: slackText(`Warden: ${a.title}`),
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${slackText(a.title)}*\n${slackText(a.reason)}` } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: slackText(context(a)) }] },
        ],
      };
    case 'teams':
      return {
        type: 'message',
        attachments: [{
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              plainParagraph(a.title, { weight: 'Bolder', color: a.severity === 'high' || a.severity === 'critical' ? 'Attention' : 'Warning' }),
              plainParagraph(a.reason),
              plainParagraph(context(a), { isSubtle: true }),
            ],
          },
        }],
      };
    case 'pagerduty':
      return {
        routing_key: o.routingKey ?? '',
        event_action: 'trigger',
        // One incident per entry, however often it is delivered.
        dedup_key: `warden:${a.host ?? 'host'}:${a.seq}`,
        payload: {
          summary: clip(`Warden: ${a.title}`, 1_024),
          source: a.host ?? 'warden',
          severity: PAGERDUTY_SEVERITY[a.severity],
          timestamp: a.time,
          ...(a.agent ? { component: a.agent } : {}),
          ...(a.role ? { group: a.role } : {}),
          class: a.type,
          custom_details: { reason: a.reason, subject: a.subject, outcome: a.outcome, rule: a.rule, session: a.session, mode: a.mode, findings: a.findings, audit_entry: a.seq },
        },
      };
  }
}
