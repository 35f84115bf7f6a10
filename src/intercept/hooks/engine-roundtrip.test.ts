// The path a hook call takes in the daemon: payload → events → engine → strictest decision → answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../core/engine/engine.js';
import { loadPolicyText } from '../../core/policy/load-policy.js';
import { STARTER_POLICY } from '../../core/policy/starter-policy.js';
import { loadBashParser } from '../../core/shell/load-grammar.js';
import { hookAdapter, HOOK_AGENTS, strictestDecision, type HookAgent } from './index.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/hooks');

/** Each agent's shell-command payload, with its command swapped for `command`. */
function shellPayload(agent: HookAgent, command: string): string {
  const files: Record<HookAgent, string> = { 'claude-code': 'pre-bash.json', codex: 'pre-bash.json', gemini: 'before-shell.json', cursor: 'before-shell.json', copilot: 'pre-bash.json' };
  const payload = JSON.parse(readFileSync(join(FIXTURES, agent, files[agent]), 'utf8')) as Record<string, unknown>;
  if (agent === 'cursor') return JSON.stringify({ ...payload, command });
  if (agent === 'copilot') return JSON.stringify({ ...payload, toolArgs: JSON.stringify({ command }) });
  return JSON.stringify({ ...payload, tool_input: { command } });
}

function engineFor(mode: 'enforce' | 'monitor'): Engine {
  const { value, errors } = loadPolicyText(STARTER_POLICY.replace('mode: enforce', `mode: ${mode}`), 'policy.yaml');
  if (!value) throw new Error(errors.map((e) => e.message).join('; '));
  return new Engine(value, parser);
}

let parser: Awaited<ReturnType<typeof loadBashParser>>;
beforeAll(async () => {
  parser = await loadBashParser();
});

/** What the daemon does: judge every event, answer with the strictest decision. */
function answer(agent: HookAgent, payload: string, engine: Engine) {
  const adapter = hookAdapter(agent)!;
  const result = adapter.parse(payload);
  if (result.kind === 'error') throw new Error(result.message);
  return adapter.respond(strictestDecision(result.events.map((event) => engine.evaluate(event))), result.phase, result.hookEvent);
}

describe.each(HOOK_AGENTS)('%s hook through the engine', (agent) => {
  it('a force push is refused in the agent’s own words, naming the rule', () => {
    const out = answer(agent, shellPayload(agent, 'cd app && git push origin main --force'), engineFor('enforce'));
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/"deny"|"block"/);
    expect(out.stdout).toContain('no-force-push');
  });

  it('the same in monitor mode is let through', () => {
    const out = answer(agent, shellPayload(agent, 'git push --force'), engineFor('monitor'));
    expect(out.stdout).not.toMatch(/"deny"|"block"|"ask"/);
    expect(out.stderr).toContain('monitor mode');
  });

  it('an everyday command gets no answer at all', () => {
    expect(answer(agent, shellPayload(agent, 'git status'), engineFor('enforce'))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});
