// What an interceptor hands the engine: one attempted action of an agent.

export interface EventContext {
  readonly host?: string;
  readonly agent?: string;
  readonly session?: string;
  /** Role to judge with; the policy's default role otherwise. */
  readonly role?: string;
  readonly cwd?: string;
  readonly home?: string;
  /** The agent's own name for the tool used (Bash, Read, run_shell_command, mcp__fs__read_file). */
  readonly tool?: string;
}

export type Event =
  | { readonly kind: 'command'; readonly command: string; readonly context: EventContext }
  | { readonly kind: 'mcp_tool_call'; readonly server: string; readonly tool: string; readonly arguments: unknown; readonly context: EventContext }
  | { readonly kind: 'file_access'; readonly path: string; readonly access: 'read' | 'write'; readonly context: EventContext }
  | { readonly kind: 'web_request'; readonly url: string; readonly context: EventContext }
  /** What a tool returned, scanned for leaked secrets and injected instructions. */
  | { readonly kind: 'tool_result'; readonly tool: string; readonly content: unknown; readonly context: EventContext }
  /** A tool as an MCP server declares it, scanned for poisoned descriptions. */
  | { readonly kind: 'tool_description'; readonly server: string; readonly tool: string; readonly description: string; readonly context: EventContext };

export type EventKind = Event['kind'];

/** A one-line description of what the event attempts, for people. */
export function eventSubject(event: Event): string {
  switch (event.kind) {
    case 'command': return event.command;
    case 'mcp_tool_call': return `${event.server}/${event.tool}`;
    case 'file_access': return `${event.access} ${event.path}`;
    case 'web_request': return event.url;
    case 'tool_result': return `result of ${event.tool}`;
    case 'tool_description': return `description of ${event.server}/${event.tool}`;
  }
}
