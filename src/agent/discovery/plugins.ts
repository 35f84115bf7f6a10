// Claude Code plugins: installed ones are listed in <config dir>/plugins/installed_plugins.json
// (`{version: 2, plugins: {"name@marketplace": [{scope, installPath, version, …}]}}`; version 1
// held one object per plugin), switched on and off under `enabledPlugins` in settings.json. A
// plugin's bundled MCP servers (.mcp.json in its install directory) are scanned like any other.
import { isAbsolute, join } from 'node:path';
import { fileTarget, type ClientEnv } from '../wrap/clients.js';
import { formatOf } from '../wrap/formats.js';
import { serversIn } from './mcp-servers.js';
import { reportName } from './names.js';
import { readForDiscovery } from './read-file.js';
import type { Discovered, Finding, Skipped } from './types.js';

export interface PluginResult {
  readonly files: string[];
  readonly items: Discovered[];
  readonly skipped: Skipped[];
}

const MAX_PLUGINS = 500;

const configDir = (e: ClientEnv): string => e.env.CLAUDE_CONFIG_DIR || join(e.home, '.claude');
export const pluginFiles = (e: ClientEnv): { installed: string; settings: string } => ({
  installed: join(configDir(e), 'plugins', 'installed_plugins.json'),
  settings: join(configDir(e), 'settings.json'),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parsed(file: string, skipped: Skipped[]): unknown {
  const read = readForDiscovery(file);
  if (read.kind === 'skip') skipped.push({ file, reason: read.reason });
  if (read.kind !== 'text' || read.text.trim() === '') return undefined;
  const doc = formatOf('json').read(read.text);
  if (doc === null) skipped.push({ file, reason: `${file} is not valid JSON` });
  return doc ?? undefined;
}

/** What the plugin's bundled MCP servers show, said of the plugin. */
function bundledFindings(installPath: string, skipped: Skipped[]): Finding[] {
  const found = serversIn(fileTarget('claude-code', join(installPath, '.mcp.json')));
  skipped.push(...found.skipped);
  return found.items.flatMap((s) => [
    { severity: 'info' as const, title: `bundles MCP server ${s.name}` },
    ...s.findings.map((f) => ({ severity: f.severity, title: `bundled MCP server ${s.name}: ${f.title}` })),
  ]);
}

export function claudePlugins(e: ClientEnv): PluginResult {
  const files = pluginFiles(e);
  const result: PluginResult = { files: [files.installed, files.settings], items: [], skipped: [] };
  const installed = parsed(files.installed, result.skipped);
  if (installed === undefined) return result;
  const plugins = isObject(installed) ? installed.plugins : undefined;
  if (!isObject(plugins)) {
    result.skipped.push({ file: files.installed, reason: `${files.installed} has no "plugins" object` });
    return result;
  }
  const settings = parsed(files.settings, result.skipped);
  const enabled = isObject(settings) && isObject(settings.enabledPlugins) ? settings.enabledPlugins : {};
  for (const [id, value] of Object.entries(plugins).slice(0, MAX_PLUGINS)) {
    const install = (Array.isArray(value) ? value : [value]).find(isObject);
    const name = reportName(id);
    if (!install || name === null) {
      result.skipped.push({ file: files.installed, name: id, reason: install ? 'the name has no character the control plane accepts' : 'no install record' });
      continue;
    }
    const version = typeof install.version === 'string' && install.version !== '' && install.version.length <= 100 && install.version !== 'unknown' ? install.version : undefined;
    const installPath = typeof install.installPath === 'string' && isAbsolute(install.installPath) ? install.installPath : null;
    result.items.push({
      name, ...(name !== id ? { originalName: id } : {}), ...(version ? { version } : {}),
      type: 'plugin', client: 'claude-code', file: files.installed, scope: typeof install.scope === 'string' ? install.scope : 'user',
      launch: { kind: 'plugin', installPath }, disabled: enabled[id] === false,
      findings: installPath ? bundledFindings(installPath, result.skipped) : [],
    });
  }
  return result;
}
