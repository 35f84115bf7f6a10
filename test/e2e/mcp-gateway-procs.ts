// For the gateway's end-to-end tests: the real server-everything over HTTP (Streamable HTTP or
// legacy SSE) and the built `warden gateway` in front of it, each a child process on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WARDEN_BIN, type Sandbox } from './run-cli.js';

const EVERYTHING = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));

export interface Proc {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function start(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, ready: RegExp): Promise<Proc & { match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const proc: Proc = {
      child,
      output: () => text,
      stop: () => new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
    };
    const timer = setTimeout(() => reject(new Error(`not ready in time: ${args.join(' ')}\n${text}`)), 20_000);
    const onData = (d: Buffer): void => {
      text += d.toString();
      if (process.env.DEBUG_GATEWAY) process.stderr.write(d);
      const m = ready.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ ...proc, match: m });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before it was ready: ${args.join(' ')}\n${text}`));
    });
  });
}

/** server-everything in `streamableHttp` (at /mcp) or `sse` (at /sse) mode. */
export async function everything(mode: 'streamableHttp' | 'sse', cwd: string): Promise<Proc & { url: string }> {
  const port = await freePort();
  const p = await start([EVERYTHING, mode], { PATH: process.env.PATH ?? '', PORT: String(port) }, cwd, /listening on port|Server is running on port/);
  return { ...p, url: `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}` };
}

/** The built `warden gateway` on a port of its own choosing; `url` is its MCP endpoint. */
export async function gateway(box: Sandbox, flags: readonly string[]): Promise<Proc & { url: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: box.home, WARDEN_HOME: box.wardenHome, NO_COLOR: '1' };
  const p = await start([WARDEN_BIN, 'gateway', '--listen', '127.0.0.1:0', ...flags], env, box.dir, /listening on (http:\/\/\S+\/mcp)/);
  return { ...p, url: p.match[1]! };
}
