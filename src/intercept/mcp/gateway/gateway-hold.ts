// Holding a call over HTTP. The POST that carried it is answered with an event stream at once (a
// request must be answered with JSON or an event stream; 202 is only for POSTs without requests),
// which says in a comment which approval it waits for, carries progress notifications while it
// waits when the request asked for progress (so clients that reset their timeout on progress keep
// waiting), and then delivers the result or the error. The client going away withdraws the call.
import type { ApprovalHolder } from '../approvals/approval-holder.js';
import { idKey, type JsonRpcId } from '../json-rpc.js';
import type { HoldHook } from '../session-types.js';
import { Exchange } from './exchange.js';
import { routes } from './route.js';

const PROGRESS_EVERY_MS = 10_000;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The progress token of the request with this id in a POST body, if it asked for progress. */
export function progressTokenOf(body: Buffer, id: JsonRpcId): string | number | undefined {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  for (const m of Array.isArray(v) ? v : [v]) {
    if (!isRecord(m) || !('id' in m) || idKey(m.id as JsonRpcId) !== idKey(id)) continue;
    const meta = isRecord(m.params) && isRecord(m.params._meta) ? m.params._meta : null;
    const token = meta?.progressToken;
    if (typeof token === 'string' || typeof token === 'number') return token;
  }
  return undefined;
}

export function gatewayHold(holder: ApprovalHolder, session: () => string | null): HoldHook {
  return (call) => {
    const route = routes.getStore();
    const x = route?.exchange instanceof Exchange ? route.exchange : null;
    if (!x) return holder.hold(call, { session: session() });
    x.held();
    const token = call.id === null ? undefined : progressTokenOf(x.body, call.id);
    let timer: NodeJS.Timeout | null = null;
    let progress = 0;
    return holder.hold(call, {
      signal: x.signal,
      session: session(),
      onHeld: (row) => {
        const message = `Warden: ${row.subject} is held for approval ${row.id} until ${row.expiresAt} (warden approvals approve ${row.id} | warden approvals reject ${row.id})`;
        x.comment(message);
        if (token === undefined) return;
        const notify = (): void => {
          progress++;
          x.deliver(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress, message } }), {});
        };
        notify();
        timer = setInterval(notify, PROGRESS_EVERY_MS);
      },
    }).then(
      (answer) => {
        if (timer) clearInterval(timer);
        const approved = (typeof answer === 'string' ? answer : answer.answer) === 'approved';
        const cancelled = typeof answer !== 'string' && answer.cancelled === true;
        // A cancelled call gets nothing more: its event stream ends.
        x.heldAnswered(call.id, !cancelled && (approved || call.id !== null));
        return answer;
      },
      (error: unknown) => {
        if (timer) clearInterval(timer);
        // The session answers a failed hold as a rejection.
        x.heldAnswered(call.id, call.id !== null);
        throw error;
      },
    );
  };
}
