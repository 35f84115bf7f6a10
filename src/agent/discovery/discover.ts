// Discovery on this host: the MCP servers of every MCP client (user files, and project files in the
// working directory and in every project Claude Code's global file lists) and Claude Code's plugins.
import { isAbsolute } from 'node:path';
import type { ClientEnv } from '../wrap/clients.js';
import { discoveryTargets, serversIn } from './mcp-servers.js';
import { claudePlugins } from './plugins.js';
import type { DiscoveryReport, Discovered, Skipped } from './types.js';

/** Claude Code's global file can list thousands of old projects: the most recent ones are enough. */
export const MAX_PROJECTS = 200;

/** The projects Claude Code's global file has servers or history for (`projects` keys). */
function claudeProjects(doc: unknown): string[] {
  const projects = typeof doc === 'object' && doc !== null ? (doc as { projects?: unknown }).projects : undefined;
  if (typeof projects !== 'object' || projects === null || Array.isArray(projects)) return [];
  return Object.keys(projects).filter((p) => isAbsolute(p)).slice(-MAX_PROJECTS);
}

export function discover(e: ClientEnv): DiscoveryReport {
  const items: Discovered[] = [];
  const skipped: Skipped[] = [];
  const files: string[] = [];
  const userTargets = discoveryTargets(e, []);
  let projects: string[] = [e.cwd];
  for (const target of userTargets) {
    const found = serversIn(target);
    if (target.client === 'claude-code') projects = [...new Set([e.cwd, ...claudeProjects(found.doc)])];
    files.push(target.file);
    items.push(...found.items);
    skipped.push(...found.skipped);
  }
  const userFiles = new Set(files);
  for (const target of discoveryTargets(e, projects)) {
    if (userFiles.has(target.file)) continue;
    const found = serversIn(target);
    files.push(target.file);
    items.push(...found.items);
    skipped.push(...found.skipped);
  }
  const plugins = claudePlugins(e);
  files.push(...plugins.files);
  items.push(...plugins.items);
  skipped.push(...plugins.skipped);
  return { items, skipped, files };
}
