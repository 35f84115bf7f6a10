// Where a message the session writes should go. The session core is transport-independent and
// writes to `client` or `server` only; over HTTP, "the client" is one of several open responses
// (the POST that carried the request, or a GET event stream). The gateway runs each message
// through the session inside `routes.run(route, …)`, and the route follows every await and every
// later answer the session gives for that message (a held call's approval included), so the
// session's writes land on the response they belong to.
import { AsyncLocalStorage } from 'node:async_hooks';

/** The SSE event a message arrived in, kept when it is passed on (resumption ids stay the upstream's). */
export interface EventInfo {
  readonly id?: string | undefined;
  readonly event?: string | undefined;
}

export interface MessageTarget {
  /** One message (or batch) as JSON text, from the session, for the client. */
  deliver(data: Buffer | string, at: EventInfo): void;
}

/** A POST from the client: what its messages' forwarding and answers attach to. */
export interface ForwardTarget extends MessageTarget {
  forward(data: Buffer | string): void;
}

export interface Route {
  readonly target: MessageTarget;
  readonly exchange: ForwardTarget | null;
  readonly at: EventInfo;
  /** A resumed stream (Last-Event-ID): answers already delivered once may come again. */
  readonly replay?: boolean;
}

export const routes = new AsyncLocalStorage<Route>();

export const NO_EVENT: EventInfo = {};
