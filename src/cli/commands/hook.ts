// `warden hook <agent>`: what an agent runs before and after each tool call. Reads the payload on
// stdin and asks the daemon over $WARDEN_HOME/warden.sock; without a daemon (or without its
// answer in time) judges it in this process by $WARDEN_HOME/policy.yaml, recording the decision in
// the audit log itself. Agents run it for every tool call, so it imports only what it needs, and
// the heavy parts only when there is something to judge (main.ts takes a short path for it).
// The call carries a request id to the daemon, and the fallback records under the same id: when
// the daemon answers too late but records anyway, the call is still in the log once.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { DEFAULT_READ_LIMITS, HOOK_AGENTS, hookAdapter, isHookAgent, readHookInput, type HookAgent, type HookResponse } from '../../intercept/hooks/index.js';
import { wardenHome } from '../warden-home.js';

interface HookOptions {
  policy?: string;
  readTimeout?: string;
  inProcess?: boolean;
  daemonTimeout?: string;
  requestId?: string;
  daemonDown?: boolean;
}

/** As the audit log takes it (REQUEST_ID there): not imported, to keep this path light. */
const REQUEST_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** How long the daemon may take to answer before the call is judged here instead. */
export const DEFAULT_DAEMON_TIMEOUT_MS = 5_000;
/** No answer is written later than this after the start, whatever is slow: inside the 30 s agents are told to wait. */
const DEADLINE_MS = 25_000;

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

function milliseconds(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined || text === '') return fallback;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`${what} wants a whole number of milliseconds (got "${text}")`);
  return ms;
}

let answered = false;
async function answer(out: HookResponse): Promise<never> {
  answered = true;
  await Promise.all([writeAll(process.stdout, out.stdout), writeAll(process.stderr, out.stderr)]);
  // Exit now: a writer that never closed stdin must not keep the agent waiting.
  process.exit(out.exitCode);
}

/** The answer when nothing else came in time: by what the policy file states, failing closed when it says nothing. */
async function lateAnswer(agent: HookAgent, policyPath: string, ms: number): Promise<HookResponse> {
  const [{ failSafeDecision, hookAdapter }, { failSafeOfPolicyText }] = await Promise.all([import('../../intercept/hooks/index.js'), import('../../agent/hook/policy-mode.js')]);
  let stated: { mode: 'enforce' | 'monitor' | null; onError: 'block' | 'allow' | null } = { mode: null, onError: null };
  try {
    stated = failSafeOfPolicyText(readFileSync(policyPath, 'utf8'));
  } catch {
    // no policy: the mode is unknown
  }
  return hookAdapter(agent)!.respond(failSafeDecision(`no decision within ${ms} ms`, stated.mode, undefined, stated.onError), 'pre');
}

/** Starts the daemon in the background when it should run (autostart.ts); this call is judged here all the same. */
async function restartDaemon(home: string): Promise<void> {
  let said: string;
  try {
    const [{ startIfWanted }, { daemonPaths }, { spawnDaemonForHook }] = await Promise.all([
      import('../../agent/daemon/autostart.js'), import('../../agent/daemon/paths.js'), import('./daemon-launch.js'),
    ]);
    const outcome = startIfWanted(daemonPaths(home), process.env, () => spawnDaemonForHook(home));
    said = outcome.kind === 'skipped' ? `skipped (${outcome.why})` : outcome.kind === 'failed' ? `failed: ${outcome.reason}` : 'started';
  } catch (error) {
    said = `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (process.env.WARDEN_HOOK_DEBUG === '1') process.stderr.write(`warden hook: no daemon; restart ${said}\n`);
}

export function registerHook(program: Command): void {
  program
    .command('hook')
    .description('Judge one agent hook call: the payload on stdin, the agent’s answer on stdout (agents run this; `warden install` sets it up)')
    .argument('<agent>', HOOK_AGENTS.join(', '))
    .option('-p, --policy <file>', 'judge in this process by this policy file (default: the daemon, else $WARDEN_HOME/policy.yaml)')
    .option('--read-timeout <ms>', `give up waiting for the payload after this long (default ${DEFAULT_READ_LIMITS.timeoutMs})`)
    .option('--in-process', 'do not ask the daemon: judge in this process')
    .option('--daemon-timeout <ms>', `judge in this process when the daemon has not answered after this long (default $WARDEN_HOOK_TIMEOUT_MS or ${DEFAULT_DAEMON_TIMEOUT_MS})`)
    .option('--request-id <id>', 'the id the daemon was asked under (the compiled hook client passes it when it falls back): the call is recorded once between them')
    .option('--daemon-down', 'the compiled hook client found no daemon listening: start it again if it should run (docs/daemon.md)')
    .addHelpText('after', `
Asks the Warden daemon (\`warden agent start\`) when it runs; otherwise, or when it does not answer
in time, loads the policy, the rule pack and the detectors in this process. Either way the decision
is in the audit log before the answer is written. A daemon that was started in the background and
not stopped with \`warden agent stop\` is started again when a hook finds it gone (at most every
30 s; WARDEN_DAEMON_AUTOSTART=0 turns this off).

Always exits 0 with the answer on stdout, as the agents expect. When the call cannot be judged (no
policy, an invalid one, an unreadable payload, an error, the audit log not writable), the role's
on_error decides; unset, enforce mode or a policy whose mode cannot be read answers with the
agent's deny and the reason, and monitor mode lets the call through with a warning. No answer comes
later than ${DEADLINE_MS / 1000} s after the start.

Example:
  echo '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git push -f"}}' | warden hook claude-code`)
    .action(async (agent: string, o: HookOptions) => {
      if (!isHookAgent(agent)) throw new UsageError(`no hook for "${agent}" (agents: ${HOOK_AGENTS.join(', ')})`);
      const limits = { ...DEFAULT_READ_LIMITS, timeoutMs: milliseconds(o.readTimeout, DEFAULT_READ_LIMITS.timeoutMs, '--read-timeout') };
      const daemonTimeout = milliseconds(o.daemonTimeout ?? process.env.WARDEN_HOOK_TIMEOUT_MS, DEFAULT_DAEMON_TIMEOUT_MS, o.daemonTimeout ? '--daemon-timeout' : 'WARDEN_HOOK_TIMEOUT_MS');
      const home = wardenHome();
      const policyPath = o.policy ?? join(home, 'policy.yaml');
      // One that is not an id is replaced: the call is still recorded, at worst twice.
      const requestId = o.requestId !== undefined && REQUEST_ID.test(o.requestId) ? o.requestId : randomBytes(16).toString('hex');
      setTimeout(() => {
        if (!answered) void lateAnswer(agent, policyPath, DEADLINE_MS).then(answer);
      }, DEADLINE_MS);

      // The compiled client found no daemon: bring it back (in the background) for the calls after this one.
      if (o.daemonDown && !o.policy) await restartDaemon(home);
      const input = await readHookInput(process.stdin, limits);
      // Nothing to judge (a to-do list, a session start): the answer needs neither the daemon nor the policy.
      if (input.kind === 'text') {
        const adapter = hookAdapter(agent)!;
        const parsed = adapter.parse(input.text, {});
        if (parsed.kind === 'parsed' && parsed.events.length === 0) return answer(adapter.respond(null, parsed.phase, parsed.hookEvent));
      }
      if (input.kind === 'text' && !o.inProcess && !o.policy) {
        const { askDaemon } = await import('../../agent/daemon/client.js');
        const reply = await askDaemon(join(home, 'warden.sock'), `HOOK ${agent} ${requestId}`, input.text, daemonTimeout);
        // A hook answer always exits 0; anything else is the daemon refusing the request, judged here instead.
        if (reply.kind === 'answer' && reply.answer.exitCode === 0) return answer(reply.answer);
        // No daemon at all: start it again if it should run, for the calls after this one.
        if (reply.kind === 'unavailable' && reply.down === true) await restartDaemon(home);
      }
      const [{ runHook }, { hostAuditRecorder }] = await Promise.all([import('../../agent/hook/run-hook.js'), import('../../agent/hook/audit-recorder.js')]);
      const out = await runHook({
        agent,
        input,
        policyPath,
        now: Date.now(),
        context: { host: hostname(), home: process.env.HOME || homedir() },
        record: hostAuditRecorder(home),
        startedAt: performance.now(),
        requestId,
      });
      return answer(out);
    });
}
