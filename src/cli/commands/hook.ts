// `warden hook <agent>`: what an agent runs before and after each tool call. Reads the payload on
// stdin, judges it by $WARDEN_HOME/policy.yaml and answers in the agent's own format. Agents run
// it for every tool call, so it imports only what it needs, and the heavy parts only when there is
// something to judge (main.ts takes a short path for it).
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { DEFAULT_READ_LIMITS, HOOK_AGENTS, isHookAgent, readHookInput } from '../../intercept/hooks/index.js';
import { wardenHome } from '../warden-home.js';

interface HookOptions {
  policy?: string;
  readTimeout?: string;
}

/** Resolves once written, or once the reader has gone (an agent past its timeout): nothing is left to do then. */
function writeAll(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (!text) {
      resolve();
      return;
    }
    stream.once('error', () => resolve());
    stream.write(text, () => resolve());
  });
}

function timeoutMs(text: string | undefined): number {
  if (text === undefined) return DEFAULT_READ_LIMITS.timeoutMs;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`--read-timeout wants a whole number of milliseconds (got "${text}")`);
  return ms;
}

export function registerHook(program: Command): void {
  program
    .command('hook')
    .description('Judge one agent hook call: the payload on stdin, the agent’s answer on stdout (agents run this; `warden install` sets it up)')
    .argument('<agent>', HOOK_AGENTS.join(', '))
    .option('-p, --policy <file>', 'policy file (default: $WARDEN_HOME/policy.yaml)')
    .option('--read-timeout <ms>', `give up waiting for the payload after this long (default ${DEFAULT_READ_LIMITS.timeoutMs})`)
    .addHelpText('after', `
Always exits 0 with the answer on stdout, as the agents expect. When the call cannot be judged (no
policy, an invalid one, an unreadable payload, an error), enforce mode, or a policy whose mode cannot
be read, answers with the agent's deny and the reason; monitor mode lets the call through with a
warning.

Example:
  echo '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git push -f"}}' | warden hook claude-code`)
    .action(async (agent: string, o: HookOptions) => {
      if (!isHookAgent(agent)) throw new UsageError(`no hook for "${agent}" (agents: ${HOOK_AGENTS.join(', ')})`);
      const limits = { ...DEFAULT_READ_LIMITS, timeoutMs: timeoutMs(o.readTimeout) };
      const [input, { runHook }] = await Promise.all([readHookInput(process.stdin, limits), import('../../agent/hook/run-hook.js')]);
      const out = await runHook({
        agent,
        input,
        policyPath: o.policy ?? join(wardenHome(), 'policy.yaml'),
        now: Date.now(),
        context: { host: hostname(), home: process.env.HOME || homedir() },
      });
      await Promise.all([writeAll(process.stdout, out.stdout), writeAll(process.stderr, out.stderr)]);
      // Exit now: a writer that never closed stdin must not keep the agent waiting.
      process.exit(out.exitCode);
    });
}
