// `warden mcp …`: what Warden keeps about MCP servers on this host.
import type { Command } from 'commander';
import { registerMcpTools } from './mcp-tools.js';

export function registerMcp(program: Command): void {
  const mcp = program
    .command('mcp')
    .description('What warden proxy and warden gateway remember about MCP servers (their declared tools)');
  registerMcpTools(mcp);
}
