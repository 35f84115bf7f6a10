// The session's judge backed by the engine: the role's rules, the rule pack and the runtime
// detectors (whose tool registry keeps each server's declared tools, and, given somewhere to keep
// them, remembers them across restarts).
import type { Engine } from '../../core/engine/engine.js';
import { judgeMcp } from '../../core/engine/evaluate-mcp.js';
import type { RegistryState } from '../../core/detect/tool-registry.js';
import type { SessionJudge } from './session-types.js';

const CHANGED = / changed since first seen/;

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
  /** Whether a changed definition of the remembered server is held: only then can an accept matter. */
  let holding = false;
  const countHeld = (): void => {
    const mine = remember && detectors ? detectors.exportState().tools.servers[remember.server] ?? {} : {};
    holding = Object.values(mine).some((r) => r.pending !== null);
  };
  if (remember && detectors) {
    try {
      remember.memory.changedElsewhere?.();
      const stored = remember.memory.load(remember.server);
      if (Object.keys(stored).length > 0) detectors.importState({ tools: { version: 1, servers: { [remember.server]: stored } } });
    } catch (error) {
      remember.warn(`the tools ${remember.server} declared before could not be read (${text(error)}); changes are judged from this session's first tools/list`);
    }
    countHeld();
  }
  // A definition a person accepted (`warden mcp tools accept`) while this session ran becomes the
  // reference here too, if it is the one this session saw last; any other stays held.
  // Only while a changed definition is held: the relay asks nothing of the store otherwise.
  const adoptAccepted = (): void => {
    if (!remember || !detectors || !holding) return;
    try {
      if (!remember.memory.changedElsewhere?.()) return;
      const stored = remember.memory.load(remember.server);
      const mine = detectors.exportState().tools.servers[remember.server] ?? {};
      for (const [tool, r] of Object.entries(mine)) {
        if (r.pending && stored[tool]?.first.hash === r.pending.hash) detectors.approveTool(remember.server, tool);
      }
      countHeld();
    } catch (error) {
      remember.warn(`accepted tool definitions could not be read (${text(error)}); changed tools stay held`);
    }
  };
  return {
    mode: role.mode,
    role: role.name,
    onError: role.onError ?? null,
    evaluate: (event, now) => {
      adoptAccepted();
      return engine.evaluate(event, now);
    },
    declareTools(server, tools, now) {
      adoptAccepted();
      const findings = detectors?.declareTools(server, tools, now) ?? [];
      if (remember && detectors && server === remember.server) {
        try {
          remember.memory.save(server, detectors.exportState().tools.servers[server] ?? {});
        } catch (error) {
          remember.warn(`the tools ${server} declared could not be stored (${text(error)}); a change across restarts may go unseen`);
        }
        countHeld();
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
