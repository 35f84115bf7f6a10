// Fleet change notifications: "this org's policies changed", delivered to every server process
// sharing the database, so each can push new policy to the hosts connected to it. In-process on
// SQLite (one server process); PostgreSQL LISTEN/NOTIFY across replicas.
import { EventEmitter } from 'node:events';

export interface FleetEvent {
  readonly kind: 'policy';
  readonly orgId: string;
}

export type FleetListener = (event: FleetEvent) => void;

export interface FleetNotifier {
  publish(event: FleetEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: FleetListener): () => void;
  close(): Promise<void>;
}

export class LocalNotifier implements FleetNotifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: FleetEvent): Promise<void> {
    this.deliver(event);
    return Promise.resolve();
  }

  /** Hands an event to every listener here; a throwing listener does not stop the others. */
  deliver(event: FleetEvent): void {
    for (const listener of this.emitter.listeners('event') as FleetListener[]) {
      try {
        listener(event);
      } catch {
        // A listener's own failure is its own; delivery goes on.
      }
    }
  }

  subscribe(listener: FleetListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  close(): Promise<void> {
    this.emitter.removeAllListeners();
    return Promise.resolve();
  }
}
