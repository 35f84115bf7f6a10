// The real daemon for benchmarks: `warden agent start --foreground` in a child process, with the
// Node flags `warden agent start` gives it, in the WARDEN_HOME of the environment passed.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DAEMON_NODE_FLAGS } from '../src/cli/commands/daemon-launch.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** `warden agent start --foreground` with the Node flags `warden agent start` gives it, resolved once it listens. */
export function startDaemon(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, MAIN, 'agent', 'start', '--foreground'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the daemon exited (${code}) before listening: ${out}`)));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('listening on')) {
        child.removeAllListeners('exit');
        resolve(child);
      }
    });
  });
}

export const stopped = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    else {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }
  });
