// The session's judge backed by the engine: the role's rules, the rule pack and the runtime
// detectors (whose tool registry keeps each server's declared tools).
import type { Engine } from '../../core/engine/engine.js';
import { judgeMcp } from '../../core/engine/evaluate-mcp.js';
import type { SessionJudge } from './session-types.js';

const CHANGED = / changed since first seen/;

export function engineJudge(engine: Engine, options: { readonly role?: string; readonly host?: string } = {}): SessionJudge {
  const role = engine.role(options.role);
  const variables = engine.variables(options.host);
  return {
    mode: role.mode,
    role: role.name,
    onError: role.onError ?? null,
    evaluate: (event, now) => engine.evaluate(event, now),
    declareTools(server, tools, now) {
      const findings = engine.detectors?.declareTools(server, tools, now) ?? [];
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
