// `warden agent start --foreground` for e2e tests: resolves once the daemon says it listens.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { WARDEN_BIN } from './run-cli.js';

/** Starts the built daemon in the foreground; `started` sees the child at once, so a test can stop it even if it never listens. */
export function startForegroundDaemon(cwd: string, env: NodeJS.ProcessEnv, started: (child: ChildProcessWithoutNullStreams) => void): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [WARDEN_BIN, 'agent', 'start', '--foreground'], { cwd, env });
  started(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the daemon did not start within 20 s: ${out}`)), 20_000);
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/listening on/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the daemon exited (${code}) before it listened: ${out}`));
    });
  });
}
