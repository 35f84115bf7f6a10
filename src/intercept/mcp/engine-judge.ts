// The session's judge backed by the engine: the role's rules, the rule pack and the runtime
// detectors (whose tool registry keeps each server's declared tools, and, given somewhere to keep
// them, remembers them across restarts).
import type { Engine } from '../../core/engine/engine.js';
import { judgeMcp } from '../../core/engine/evaluate-mcp.js';
import type { RegistryState } from '../../core/detect/tool-registry.js';
import type { SessionJudge } from './session-types.js';

const CHANGED = / changed since first seen/;
const SYNC_INTERVAL_MS = 20;

/** Where a server's declared tools are kept between runs. */
export interface ToolMemory {
  load(server: string): RegistryState['servers'][string];
  save(server: string, tools: RegistryState['servers'][string]): void;
  /** True when another process changed what is kept (a person accepted a changed definition). */
  changedElsewhere?(): boolean;
}

export interface EngineJudgeOptions {
  readonly role?: string;
  readonly host?: string;
  /** The server whose tools are remembered, and where; problems with it lose nothing but the memory. */
  readonly remember?: { readonly server: string; readonly memory: ToolMemory; readonly warn: (message: string) => void };
}

const text = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function engineJudge(engine: Engine, options: EngineJudgeOptions = {}): SessionJudge {
  const role = engine.role(options.role);
  const variables = engine.variables(options.host);
  const remember = options.remember;
  const detectors = engine.detectors;
  if (remember && detectors) {
    try {
      remember.memory.changedElsewhere?.();
      const stored = remember.memory.load(remember.server);
      if (Object.keys(stored).length > 0) detectors.importState({ tools: { version: 1, servers: { [remember.server]: stored } } });
    } catch (error) {
      remember.warn(`the tools ${remember.server} declared before could not be read (${text(error)}); changes are judged from this session's first tools/list`);
    }
  }
  // What a person did while this session ran (`warden mcp tools accept` or `forget`) applies here
  // at the next message the declared tools judge (a tools/call, a tools/list): asking whether the
  // store changed is one query, not made for the results and descriptions the registry does not
  // judge (a change seen later is taken in all the same: the store's version is compared). Calls
  // ask at most every SYNC_INTERVAL_MS: the query is a few percent of a call's cost, and a
  // person's command takes effect that much later at most.
  let askedAt = Number.NEGATIVE_INFINITY;
  const syncStored = (throttled: boolean): void => {
    if (!remember || !detectors) return;
    const at = performance.now();
    if (throttled && at - askedAt < SYNC_INTERVAL_MS) return;
    askedAt = at;
    try {
      if (!remember.memory.changedElsewhere?.()) return;
      detectors.syncTools(remember.server, remember.memory.load(remember.server));
    } catch (error) {
      remember.warn(`changes to the recorded tools could not be read (${text(error)}); this session keeps what it knew`);
    }
  };
  return {
    mode: role.mode,
    role: role.name,
    onError: role.onError ?? null,
    evaluate: (event, now) => {
      if (event.kind === 'mcp_tool_call') syncStored(true);
      return engine.evaluate(event, now);
    },
    declareTools(server, tools, now) {
      syncStored(false);
      const findings = detectors?.declareTools(server, tools, now) ?? [];
      if (remember && detectors && server === remember.server) {
        try {
          remember.memory.save(server, detectors.exportState().tools.servers[server] ?? {});
        } catch (error) {
          remember.warn(`the tools ${server} declared could not be stored (${text(error)}); a change across restarts may go unseen`);
        }
      }
      // A change finding reads `server/tool changed since first seen: …`; tool names may hold `/`.
      return findings.flatMap((finding) => {
        const at = finding.matched.search(CHANGED);
        const subject = at === -1 ? '' : finding.matched.slice(0, at);
        return subject.startsWith(`${server}/`) ? [{ tool: subject.slice(server.length + 1), finding }] : [];
      });
    },
    toolVerdict: (server, tool) => judgeMcp(role, server, tool, {}, variables).verdict,
  };
}
