// The hook adapter for each agent `warden hook <agent>` serves.
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import { gemini } from './gemini.js';
import { HOOK_AGENTS, type HookAdapter, type HookAgent } from './types.js';

const ADAPTERS: Readonly<Record<HookAgent, HookAdapter>> = {
  'claude-code': claudeCode,
  cursor,
  gemini,
  codex,
  copilot,
};

export const isHookAgent = (name: string): name is HookAgent => (HOOK_AGENTS as readonly string[]).includes(name);

/** The adapter for an agent name, or null for a name Warden has no adapter for. */
export function hookAdapter(name: string): HookAdapter | null {
  return isHookAgent(name) ? ADAPTERS[name] : null;
}
