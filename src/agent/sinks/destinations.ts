// Where `warden watch` sends alerts: a webhook in one of the payload formats, a JSONL file, or
// both (the webhook first, so that an alert it has not taken is not yet in the file either).
import { resolve } from 'node:path';
import { JsonlLog } from '../../intercept/mcp/jsonl-log.js';
import { alertPayload, type Alert, type AlertFormat } from './alert-payloads.js';
import type { Destination } from './alert-watch.js';
import { postJson, type PostResult } from './webhook-post.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface DestinationOptions {
  readonly webhook: URL | null;
  readonly format: AlertFormat;
  readonly routingKey?: string;
  readonly log: string | null;
  readonly timeoutMs?: number;
}

export interface OpenDestination extends Destination {
  close(): void;
}

const DELIVERED: PostResult = { kind: 'delivered' };

export function openDestination(o: DestinationOptions): OpenDestination {
  const log = o.log === null ? null : JsonlLog.open(o.log);
  const key = JSON.stringify([o.webhook?.href ?? null, o.webhook ? o.format : null, o.routingKey ?? null, o.log === null ? null : resolve(o.log)]);
  return {
    key,
    async deliver(alert: Alert): Promise<PostResult> {
      if (o.webhook) {
        const r = await postJson(o.webhook, alertPayload(o.format, alert, { routingKey: o.routingKey }), o.timeoutMs);
        if (r.kind !== 'delivered') return r;
      }
      log?.write({ ts: new Date().toISOString(), type: 'alert', alert });
      return DELIVERED;
    },
    close: () => log?.close(),
  };
}
