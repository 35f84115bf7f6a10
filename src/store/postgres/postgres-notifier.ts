// Fleet notifications across server replicas: NOTIFY on publish, one LISTEN connection per
// process that hands every notification to the local listeners, reconnecting when it drops.
// The channel is named after the schema, so servers on different schemas never hear each other.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { LocalNotifier, type FleetEvent, type FleetListener, type FleetNotifier } from '../fleet/notifier.js';

const RECONNECT_MS = 1_000;

export const channelFor = (schema: string | undefined): string => `warden_fleet_${createHash('sha256').update(schema ?? '').digest('hex').slice(0, 24)}`;

function parseEvent(payload: string | undefined): FleetEvent | null {
  try {
    const v = JSON.parse(payload ?? '') as Partial<FleetEvent>;
    return v.kind === 'policy' && typeof v.orgId === 'string' ? { kind: 'policy', orgId: v.orgId } : null;
  } catch {
    return null;
  }
}

export class PostgresNotifier implements FleetNotifier {
  private readonly local = new LocalNotifier();
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  readonly channel: string;

  private constructor(private readonly pool: pg.Pool, private readonly connectionString: string, schema: string | undefined) {
    this.channel = channelFor(schema);
  }

  /** Listening before it returns, so no change made after open is missed. */
  static async open(pool: pg.Pool, connectionString: string, schema: string | undefined): Promise<PostgresNotifier> {
    const n = new PostgresNotifier(pool, connectionString, schema);
    await n.listen();
    return n;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (m) => {
      const event = m.channel === this.channel ? parseEvent(m.payload) : null;
      if (event) this.local.deliver(event);
    });
    const again = (): void => {
      if (this.closed || this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.listen().catch(() => again()), RECONNECT_MS);
    };
    client.on('error', again);
    client.on('end', again);
    this.client = client;
    await client.connect();
    await client.query(`LISTEN "${this.channel}"`);
  }

  async publish(event: FleetEvent): Promise<void> {
    await this.pool.query('select pg_notify($1, $2)', [this.channel, JSON.stringify(event)]);
  }

  subscribe(listener: FleetListener): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await this.local.close();
    await client?.end().catch(() => undefined);
  }
}
