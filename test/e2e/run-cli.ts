// Runs the built `warden` bin in a scratch directory, with HOME and WARDEN_HOME pointed at
// temporary directories so no test reads or writes the real ones.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const WARDEN_BIN = fileURLToPath(new URL('../../build/src/cli/main.js', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Sandbox {
  /** Working directory of every run. */
  readonly dir: string;
  readonly home: string;
  readonly wardenHome: string;
  /** Runs the CLI; `env` adds to the sandbox's environment. */
  run(args: readonly string[], input?: string, env?: Readonly<Record<string, string>>): CliResult;
  remove(): void;
}

/** A fresh sandbox; fails when the build the end-to-end tests need did not succeed. */
export function sandbox(): Sandbox {
  const failure = inject('buildFailure');
  if (failure !== null) throw new Error(`npm run build failed, so the built CLI cannot be tested:\n${failure}`);
  const root = mkdtempSync(join(tmpdir(), 'warden-e2e-'));
  const dir = join(root, 'work');
  const home = join(root, 'home');
  const wardenHome = join(root, 'warden-home');
  for (const d of [dir, home, wardenHome]) mkdirSync(d);
  return {
    dir,
    home,
    wardenHome,
    run(args, input, env) {
      const r = spawnSync(process.execPath, [WARDEN_BIN, ...args], {
        cwd: dir,
        input,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: wardenHome, NO_COLOR: '1', ...env },
        timeout: 20_000,
      });
      if (r.error) throw r.error;
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
