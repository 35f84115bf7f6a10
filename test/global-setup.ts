// Builds once before any test runs (`npm run build`), so end-to-end tests run the real `warden`
// bin, build/src/cli/main.js, as users do. A failed build fails the end-to-end tests, with the
// compiler's output; unit tests, which run from source, still run.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The output of a failed `npm run build`, or null when the build succeeded. */
    buildFailure: string | null;
  }
}

export default function setup(project: TestProject): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
    project.provide('buildFailure', null);
  } catch (error) {
    const out = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    project.provide('buildFailure', `${String(out.stdout ?? '')}${String(out.stderr ?? '')}`.trim() || out.message);
  }
}
