// Agent hook adapters: one per agent protocol, pure (no I/O).
export { hookAdapter, isHookAgent } from './registry.js';
export { MAX_EVENTS, MAX_PAYLOAD_CHARS } from './payload.js';
export { strictestDecision } from './strictest.js';
export { HOOK_AGENTS } from './types.js';
export type { HookAdapter, HookAgent, HookErrorCode, HookParsed, HookParseFailure, HookParseOptions, HookParseResult, HookPhase, HookResponse } from './types.js';
