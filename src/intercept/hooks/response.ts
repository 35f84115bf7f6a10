// The three things a hook process hands back.
import type { HookResponse } from './types.js';

/** No output, exit 0: the agent carries on as if no hook had run. */
export const SILENT: HookResponse = { stdout: '', stderr: '', exitCode: 0 };

/** JSON on stdout with exit 0, the structured answer every supported agent reads; `log` goes to stderr. */
export function jsonResponse(body: object, log: string): HookResponse {
  return { stdout: JSON.stringify(body), stderr: `${log}\n`, exitCode: 0 };
}

/** Nothing the agent reads, but a line in its hook log. */
export function logOnly(log: string): HookResponse {
  return { stdout: '', stderr: `${log}\n`, exitCode: 0 };
}
