// Agent hook adapters: one per agent protocol, pure (no I/O); the fail-safe decision; reading a
// payload from a stream the caller hands in, bounded in size and time.
export { hookAdapter, isHookAgent } from './registry.js';
export { MAX_EVENTS, MAX_PAYLOAD_CHARS } from './payload.js';
export { strictestDecision } from './strictest.js';
export { HOOK_AGENTS } from './types.js';
export type { HookAdapter, HookAgent, HookErrorCode, HookParsed, HookParseFailure, HookParseOptions, HookParseResult, HookPhase, HookResponse } from './types.js';
export { failSafeDecision, FAIL_SAFE_RULE, type OnError } from './fail-safe.js';
export { DEFAULT_READ_LIMITS, readHookInput } from './read-input.js';
export type { HookInput, ReadLimits } from './read-input.js';
