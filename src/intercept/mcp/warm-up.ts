// Warming up a proxy before its client's calls come. V8 compiles the code that judges and records
// a call only after it has run many times; until then a call costs several times its steady CPU
// (on the bench machine ~0.8 ms for a session's first hundred calls, ~0.2 ms after a few thousand).
// So a proxy, once its session is under way, runs synthetic calls through a throwaway session:
// its own judge (a separate engine: no detector state or risk of the real one is touched), an
// audit log over a store that keeps nothing and a key made for it, and a `send` that sends
// nothing. The real session's messages interleave: one synthetic call runs per turn of the event
// loop.
import { generateKeyPairSync } from 'node:crypto';
import { AuditLog } from '../../audit/audit-log.js';
import { DiscardingAuditStore } from '../../audit/discarding-store.js';
import { keyIdOf } from '../../audit/host-key.js';
import { auditRecorder } from './audit-recorder.js';
import { McpSession } from './session.js';
import type { SessionJudge } from './session-types.js';

export interface WarmUpOptions {
  /** The server name in rules: the synthetic calls go to a tool of it, so its rules are what run. */
  readonly server: string;
  /** A judge of its own, never the session's. */
  readonly judge: SessionJudge;
  /** How many synthetic calls. */
  readonly rounds: number;
  readonly host?: string;
}

export interface WarmUp {
  /** Settles when the rounds are done or stopped; never rejects. */
  readonly done: Promise<void>;
  /** Stops after the round under way. */
  stop(): void;
}

const TOOL = 'warden_warm_up';
const line = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value)}\n`);
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function warmUp(o: WarmUpOptions): WarmUp {
  let stopped = false;
  const run = async (): Promise<void> => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    // Checkpoints as a real log signs them (every 1,000 entries, or a minute): an interval of 0
    // would sign one per synthetic call, a cost no real call pays.
    const log = await AuditLog.open(new DiscardingAuditStore(), { privateKey, publicKey, keyId: keyIdOf(publicKey) }, { checkpointIntervalMs: 60_000 });
    const session = new McpSession({
      server: o.server,
      judge: o.judge,
      recorder: auditRecorder({ server: o.server, audit: log, jsonl: null, host: o.host }),
      context: { host: o.host, session: 'warm-up', cwd: '/', home: '/' },
    }, () => undefined);
    try {
      await session.fromClient(line({ jsonrpc: '2.0', id: 'list', method: 'tools/list', params: {} }));
      await session.fromServer(line({ jsonrpc: '2.0', id: 'list', result: { tools: [{ name: TOOL, description: 'Echoes its text', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } }] } }));
      for (let i = 0; i < o.rounds && !stopped; i++) {
        const text = `warm-up call ${i}: read ./notes/${i}.md and list the files beside it`;
        const call = session.fromClient(line({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: TOOL, arguments: { text, options: { depth: i % 3, tags: ['a', 'b'] } } } }));
        await session.fromServer(line({ jsonrpc: '2.0', id: i, result: { content: [{ type: 'text', text }] } }));
        await call;
        await nextTurn();
      }
    } finally {
      await log.close();
    }
  };
  return {
    done: run().catch(() => undefined),
    stop() {
      stopped = true;
    },
  };
}
