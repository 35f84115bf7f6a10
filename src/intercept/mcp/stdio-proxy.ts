// The stdio transport around a session: spawns the server (an argv array, no shell), frames both
// directions into lines, keeps each direction in order, applies back-pressure, forwards signals,
// and when either side goes away closes the other cleanly. Nothing here times out an idle session;
// the only timers are the grace periods of a shutdown already under way.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { LineFramer, DEFAULT_MAX_LINE_BYTES } from './line-framer.js';
import type { McpSession } from './session.js';
import type { Send, Side } from './session-types.js';

export interface StdioProxyOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** Builds the session once the proxy knows how to send. */
  readonly session: (send: Send) => McpSession;
  readonly maxLineBytes?: number;
  readonly input?: Readable;
  readonly output?: Writable;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** After the client leaves: how long the server has to exit before SIGTERM, then SIGKILL. */
  readonly graceMs?: number;
  readonly warn: (message: string) => void;
  /** Signals passed on to the server (default SIGINT, SIGTERM, SIGHUP). */
  readonly signals?: readonly NodeJS.Signals[];
}

export type ProxyEndReason = 'server_exited' | 'client_closed' | 'spawn_failed';

export interface ProxyEnd {
  readonly reason: ProxyEndReason;
  /** The server's exit code, 128 + signal number when a signal ended it; 1 when it never started. */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
  readonly error?: string;
}

const MAX_IN_FLIGHT = 1_024;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function runStdioProxy(o: StdioProxyOptions): Promise<{ end: ProxyEnd; session: McpSession }> {
  const input = o.input ?? process.stdin;
  const output = o.output ?? process.stdout;
  const grace = o.graceMs ?? 5_000;
  const child = spawn(o.command, [...o.args], { stdio: ['pipe', 'pipe', 'inherit'], env: o.env ?? process.env, cwd: o.cwd, windowsHide: true });
  let clientOpen = true;
  let serverInOpen = true;

  // A side's reading is paused while anything holds it: the other side not draining what it was
  // sent, or too many of its lines still waiting to be judged.
  const holds: Record<Side, Set<'drain' | 'judging'>> = { client: new Set(), server: new Set() };
  const source = (side: Side): Readable => (side === 'client' ? input : child.stdout);
  const hold = (side: Side, why: 'drain' | 'judging'): void => {
    if (holds[side].size === 0) source(side).pause();
    holds[side].add(why);
  };
  const release = (side: Side, why: 'drain' | 'judging'): void => {
    if (holds[side].delete(why) && holds[side].size === 0) source(side).resume();
  };
  const send: Send = (to: Side, data) => {
    const dest = to === 'server' ? child.stdin : output;
    if (to === 'server' ? !serverInOpen : !clientOpen) return;
    const from: Side = to === 'server' ? 'client' : 'server';
    if (dest.write(data) || holds[from].has('drain')) return;
    hold(from, 'drain');
    dest.once('drain', () => release(from, 'drain'));
  };
  const session = o.session(send);

  // The session keeps each direction in order itself; lines are handed in as they arrive so that
  // the audit records of calls in flight together share a transaction. Past MAX_IN_FLIGHT lines
  // waiting on one side, that side is paused until half have gone.
  let fromClient: Promise<void> = Promise.resolve();
  let fromServer: Promise<void> = Promise.resolve();
  const inFlight = { client: 0, server: 0 };
  const queue = (side: Side, job: () => Promise<void>): void => {
    inFlight[side]++;
    if (inFlight[side] >= MAX_IN_FLIGHT) hold(side, 'judging');
    const done = job().finally(() => {
      inFlight[side]--;
      if (inFlight[side] <= MAX_IN_FLIGHT / 2) release(side, 'judging');
    });
    if (side === 'client') fromClient = done;
    else fromServer = done;
  };
  const framer = (side: Side): LineFramer => new LineFramer({
    line: (raw) => queue(side, () => (side === 'client' ? session.fromClient(raw) : session.fromServer(raw))),
    oversize: (l) => queue(side, () => session.oversize(side, l)),
    raw: (piece) => queue(side, () => session.passRaw(side, piece)),
  }, o.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, session.mode === 'monitor');
  const clientFramer = framer('client');
  const serverFramer = framer('server');
  return new Promise((resolve) => {
    let endReason: ProxyEndReason = 'server_exited';
    const timers: NodeJS.Timeout[] = [];
    const signals = o.signals ?? ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const onSignal = (signal: NodeJS.Signals): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      timers.push(setTimeout(() => child.kill('SIGKILL'), 2 * grace));
    };
    for (const s of signals) process.on(s, onSignal);

    const onInput = (chunk: Buffer): void => clientFramer.push(chunk);
    let inputClosed = false;
    // The client stopped sending (its output to us ended) or can no longer be written to. Once its
    // last lines are judged the server's input is closed; what the server still answers reaches the
    // client as long as the client can read it (`printf … | warden proxy` gets its answers).
    const clientGone = (canWrite: boolean): void => {
      if (!canWrite) clientOpen = false;
      if (inputClosed) return;
      inputClosed = true;
      endReason = 'client_closed';
      void fromClient.then(() => {
        serverInOpen = false;
        child.stdin.end();
        // The MCP stdio shutdown: close the server's input, then SIGTERM, then SIGKILL.
        timers.push(setTimeout(() => {
          child.kill('SIGTERM');
          timers.push(setTimeout(() => child.kill('SIGKILL'), grace));
        }, grace));
      });
    };
    input.on('data', onInput);
    input.on('end', () => {
      clientFramer.end();
      clientGone(true);
    });
    input.on('error', (error) => {
      o.warn(`reading from the client failed: ${error.message}`);
      clientGone(true);
    });
    output.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') o.warn(`writing to the client failed: ${error.message}`);
      clientGone(false);
    });
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      serverInOpen = false;
      if (error.code !== 'EPIPE') o.warn(`writing to the server failed: ${error.message}`);
    });
    child.stdout.on('data', (chunk: Buffer) => serverFramer.push(chunk));

    const finish = (end: ProxyEnd): void => {
      for (const s of signals) process.off(s, onSignal);
      for (const t of timers) clearTimeout(t);
      input.off('data', onInput);
      input.pause();
      if (input !== process.stdin) input.destroy();
      else process.stdin.destroy();
      resolve({ end, session });
    };

    child.on('error', (error) => {
      // Only a failed spawn comes here before 'close'; later errors (a failed kill) are noise.
      if (child.pid !== undefined) return;
      serverInOpen = false;
      finish({ reason: 'spawn_failed', exitCode: 1, signal: null, error: `cannot start ${o.command}: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      if (child.pid === undefined) return;
      serverInOpen = false;
      serverFramer.end();
      void fromServer.then(async () => {
        await session.serverClosed(signal ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`);
        const exitCode = code ?? (signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 0) : 1);
        finish({ reason: endReason, exitCode, signal });
      });
    });
  });
}
