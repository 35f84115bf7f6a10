// The tools each MCP server declared, as first seen. A call to a tool its server never declared
// is reported; so is a declared tool whose definition changed afterwards (a rug pull), until a
// person approves the new definition. Plain in-memory state, exported and imported as JSON so a
// proxy can keep it across restarts.
import { z } from 'zod';
import { WardenError } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './sha256.js';
import { diffTools, type ToolDefinition, type ToolDiff } from './tool-diff.js';

/** A tool as a server's tools/list describes it; other fields are ignored. */
export interface DeclaredTool {
  readonly name: string;
  readonly description?: string | undefined;
  readonly inputSchema?: unknown;
}

interface Seen {
  readonly definition: ToolDefinition;
  readonly hash: string;
  readonly at: number;
}

interface ToolRecord {
  readonly first: Seen;
  /** A different definition declared since, awaiting approval. */
  pending: Seen | null;
}

export interface ToolChange {
  readonly server: string;
  readonly tool: string;
  readonly diff: ToolDiff;
}

export type ToolCheck =
  | { readonly kind: 'unknown_server' }
  | { readonly kind: 'undeclared' }
  | { readonly kind: 'declared' }
  | { readonly kind: 'changed'; readonly change: ToolChange };

export interface RegistryLimits {
  readonly maxServers: number;
  readonly maxToolsPerServer: number;
  /** Larger input schemas are hashed but not kept for diffs. */
  readonly maxSchemaChars: number;
}

const DEFAULT_LIMITS: RegistryLimits = { maxServers: 1_000, maxToolsPerServer: 2_000, maxSchemaChars: 64 * 1024 };
const MAX_DESCRIPTION = 8 * 1024;

/** SHA-256 of the canonical JSON of name, description and input schema. */
export function toolHash(tool: DeclaredTool): string {
  return sha256Hex(canonicalJson({ name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema ?? null }));
}

const seenSchema = z.strictObject({
  definition: z.strictObject({ name: z.string(), description: z.string(), inputSchema: z.unknown() }),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.number(),
});
export const registryStateSchema = z.strictObject({
  version: z.literal(1),
  servers: z.record(z.string(), z.record(z.string(), z.strictObject({ first: seenSchema, pending: seenSchema.nullable() }))),
});
export type RegistryState = z.infer<typeof registryStateSchema>;

export class ToolRegistry {
  private readonly servers = new Map<string, Map<string, ToolRecord>>();

  constructor(private readonly limits: RegistryLimits = DEFAULT_LIMITS) {}

  private seen(tool: DeclaredTool, now: number): Seen {
    const schemaText = canonicalJson(tool.inputSchema ?? null);
    const description = tool.description ?? '';
    return {
      definition: {
        name: tool.name,
        description: description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION)}...` : description,
        inputSchema: schemaText.length > this.limits.maxSchemaChars ? null : (JSON.parse(schemaText) as unknown),
      },
      hash: toolHash(tool),
      at: now,
    };
  }

  /** Records a server's tool list: new tools as first seen; returns the tools whose definition changed. */
  declare(server: string, tools: readonly DeclaredTool[], now: number): ToolChange[] {
    let known = this.servers.get(server);
    if (!known) {
      if (this.servers.size >= this.limits.maxServers) return [];
      known = new Map();
      this.servers.set(server, known);
    }
    const changes: ToolChange[] = [];
    for (const tool of tools) {
      if (typeof tool?.name !== 'string' || tool.name === '') continue;
      const record = known.get(tool.name);
      if (!record) {
        if (known.size < this.limits.maxToolsPerServer) known.set(tool.name, { first: this.seen(tool, now), pending: null });
        continue;
      }
      const hash = toolHash(tool);
      if (hash === record.first.hash) { record.pending = null; continue; }
      if (record.pending?.hash !== hash) record.pending = this.seen(tool, now);
      changes.push({ server, tool: tool.name, diff: diffTools(record.first.definition, record.pending.definition) });
    }
    return changes;
  }

  check(server: string, tool: string): ToolCheck {
    const known = this.servers.get(server);
    if (!known) return { kind: 'unknown_server' };
    const record = known.get(tool);
    if (!record) return { kind: 'undeclared' };
    if (!record.pending) return { kind: 'declared' };
    return { kind: 'changed', change: { server, tool, diff: diffTools(record.first.definition, record.pending.definition) } };
  }

  /** Accepts the changed definition as the one to hold the tool to; false when nothing awaits approval. */
  approve(server: string, tool: string): boolean {
    const record = this.servers.get(server)?.get(tool);
    if (!record?.pending) return false;
    this.servers.get(server)!.set(tool, { first: record.pending, pending: null });
    return true;
  }

  /**
   * Takes in what another process stored for a server (a person accepted, added or forgot tools):
   * stored tools this registry lacks are added, tools it no longer stores are dropped (the next
   * tools/list takes them as first seen), and a stored reference replaces this registry's when it
   * is the changed definition held here; any other change stays held.
   */
  syncServer(server: string, stored: RegistryState['servers'][string]): void {
    const known = this.servers.get(server);
    if (!known) {
      if (Object.keys(stored).length > 0 && this.servers.size < this.limits.maxServers) this.servers.set(server, new Map(Object.entries(stored).map(([name, r]) => [name, { first: r.first, pending: r.pending }])));
      return;
    }
    for (const name of [...known.keys()]) if (!Object.hasOwn(stored, name)) known.delete(name);
    for (const [name, r] of Object.entries(stored)) {
      const mine = known.get(name);
      if (!mine) {
        if (known.size < this.limits.maxToolsPerServer) known.set(name, { first: r.first, pending: r.pending });
      } else if (mine.first.hash !== r.first.hash && mine.pending?.hash === r.first.hash) {
        this.approve(server, name);
      }
    }
  }

  toJSON(): RegistryState {
    const servers: RegistryState['servers'] = {};
    for (const [server, tools] of this.servers) {
      const out: RegistryState['servers'][string] = {};
      for (const [name, r] of tools) out[name] = { first: r.first, pending: r.pending };
      servers[server] = out;
    }
    return { version: 1, servers };
  }

  static fromJSON(data: unknown, limits: RegistryLimits = DEFAULT_LIMITS): ToolRegistry {
    const parsed = registryStateSchema.safeParse(data);
    if (!parsed.success) {
      throw new WardenError('DRIFT_STATE_INVALID', `tool registry state is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`, { cause: parsed.error });
    }
    const registry = new ToolRegistry(limits);
    for (const [server, tools] of Object.entries(parsed.data.servers)) {
      const known = new Map<string, ToolRecord>();
      for (const [name, r] of Object.entries(tools)) known.set(name, { first: r.first, pending: r.pending });
      registry.servers.set(server, known);
    }
    return registry;
  }
}
