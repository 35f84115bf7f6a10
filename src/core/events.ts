// What an interceptor hands the engine: one attempted action of an agent.

export interface EventContext {
  readonly host?: string;
  readonly agent?: string;
  readonly session?: string;
  /** Role to judge with; the policy's default role otherwise. */
  readonly role?: string;
  readonly cwd?: string;
  readonly home?: string;
}

export type Event =
  | { readonly kind: 'command'; readonly command: string; readonly context: EventContext }
  | { readonly kind: 'mcp_tool_call'; readonly server: string; readonly tool: string; readonly arguments: unknown; readonly context: EventContext }
  | { readonly kind: 'file_access'; readonly path: string; readonly access: 'read' | 'write'; readonly context: EventContext }
  | { readonly kind: 'web_request'; readonly url: string; readonly context: EventContext };

export type EventKind = Event['kind'];
