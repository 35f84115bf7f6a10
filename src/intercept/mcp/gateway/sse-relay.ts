// An upstream event stream relayed through the session: each event's data is judged as a message
// and written to the target with its event id and type kept (so Last-Event-ID resumption works
// end to end); events that carry no data (priming ids, retry hints) pass as they are. Events are
// handled in order; reading pauses while many wait for the audit log.
import type { IncomingMessage } from 'node:http';
import type { GatewaySession } from './gateway-session.js';
import type { EventInfo, ForwardTarget, MessageTarget } from './route.js';
import { SseParser } from './sse-parser.js';

export interface StreamTarget extends MessageTarget {
  passEvent(at: EventInfo & { readonly retry?: number | undefined }): void;
}

const HIGH = 64;
const LOW = 16;

/** `replay`: the stream resumes an earlier one (Last-Event-ID), so answers may come again and are judged again. */
export function relaySse(s: GatewaySession, res: IncomingMessage, target: StreamTarget, exchange: ForwardTarget | null, maxEventBytes: number, replay = false): Promise<void> {
  return new Promise((resolve) => {
    let chain: Promise<void> = Promise.resolve();
    let queued = 0;
    const enqueue = (job: () => Promise<void> | void): void => {
      queued++;
      if (queued > HIGH) res.pause();
      chain = chain.then(job).catch(() => undefined).finally(() => {
        queued--;
        if (queued < LOW && res.isPaused()) res.resume();
      });
    };
    const parser = new SseParser({
      event: (e) => {
        const at: EventInfo = { id: e.id, event: e.event };
        if (!e.hasData || e.data.trim() === '') enqueue(() => target.passEvent({ ...at, retry: e.retry }));
        else enqueue(() => s.fromServer(Buffer.from(e.data), { target, exchange, at, replay }));
      },
      oversize: (o) => enqueue(() => s.oversize('server', o, { target, exchange, at: {} })),
    }, maxEventBytes);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      parser.end();
      void chain.then(() => resolve());
    };
    res.on('data', (chunk: Buffer) => parser.push(chunk));
    res.once('end', finish);
    res.once('error', finish);
    res.once('close', finish);
  });
}
