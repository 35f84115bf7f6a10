// `warden agent discover`: the MCP servers and Claude Code plugins on this host, with what a static
// scan noticed (docs/discovery.md); `--report` sends them to the control plane this host is enrolled in.
import { homedir } from 'node:os';
import type { Command } from 'commander';
import type { Discovered, DiscoveryReport } from '../../agent/discovery/types.js';
import { EXIT, ExitError } from '../exit.js';
import { styler } from '../style.js';
import { wardenHome } from '../warden-home.js';

interface DiscoverFlags {
  json?: boolean;
  report?: boolean;
}

const tilde = (file: string, home: string): string => (file.startsWith(`${home}/`) ? `~${file.slice(home.length)}` : file);

function launchText(d: Discovered): string {
  switch (d.launch.kind) {
    case 'stdio': return `${d.launch.wrapped ? '(warden proxy) ' : ''}${[d.launch.command, ...d.launch.args].join(' ')}`;
    case 'remote': return d.launch.url;
    case 'plugin': return d.launch.installPath ?? '(no install path)';
  }
}

function printReport(r: DiscoveryReport, home: string): void {
  const s = styler();
  const sev = (severity: string): string => (severity === 'high' || severity === 'critical' ? s.red(severity) : severity === 'medium' ? s.yellow(severity) : s.dim(severity));
  if (r.items.length === 0) console.log('No MCP servers or Claude Code plugins found.');
  else console.log(s.bold(`${r.items.length} found:`));
  for (const d of r.items) {
    const label = `${d.name}${d.version ? ` ${d.version}` : ''}`;
    console.log(`  ${s.bold(label)}  ${d.type === 'plugin' ? 'plugin' : 'MCP server'}, ${d.client}, ${tilde(d.file, home)}${d.disabled ? ', disabled' : ''}`);
    console.log(`      ${s.dim(launchText(d).slice(0, 300))}`);
    if (d.originalName !== undefined) console.log(`      ${s.dim(`named ${JSON.stringify(d.originalName)} in the file`)}`);
    for (const f of d.findings) console.log(`      ${sev(f.severity)}  ${f.title}`);
  }
  if (r.skipped.length > 0) {
    console.log(s.bold(`\nSkipped (${r.skipped.length}):`));
    for (const k of r.skipped) console.log(`  ${tilde(k.file, home)}${k.name !== undefined ? ` ${JSON.stringify(k.name)}` : ''}: ${k.reason}`);
  }
}

export function registerAgentDiscover(agent: Command): void {
  agent
    .command('discover')
    .description('List the MCP servers and Claude Code plugins on this host, with what a static scan noticed')
    .option('--json', 'print the result as JSON')
    .option('--report', 'also send the list to the control plane this host is enrolled in')
    .addHelpText('after', `
Reads every MCP client's config (Claude Code, Claude Desktop, Cursor, VS Code, Windsurf, Gemini CLI,
Codex CLI: the files \`warden wrap --list\` shows), project files in this directory and in every
project Claude Code knows, and Claude Code's installed plugins. Changes nothing. When this host is
enrolled, the daemon reports the same list to the control plane at start and whenever a config
changes; each new name becomes a pending plugin approval there. See docs/discovery.md.

Examples:
  warden agent discover
  warden agent discover --json
  warden agent discover --report`)
    .action(async (o: DiscoverFlags) => {
      // Loaded here, not with the command: `warden agent start --foreground` registers it too.
      const [{ discover }, { wireItems }, { sendDiscoveries }, { hostApi }, { readServerLink }] = await Promise.all([
        import('../../agent/discovery/discover.js'),
        import('../../agent/discovery/wire.js'),
        import('../../agent/sync/discoveries.js'),
        import('../../agent/sync/host-api.js'),
        import('../../agent/sync/server-link.js'),
      ]);
      const home = process.env.HOME || homedir();
      const report = discover({ home, cwd: process.cwd(), env: process.env, platform: process.platform });
      let reported: { pending: number; items: number } | undefined;
      if (o.report) {
        const link = readServerLink(wardenHome());
        if (!link) throw new ExitError(EXIT.usage, 'this host is not enrolled in a control plane (`warden install --server URL --token T`)');
        const items = wireItems(report.items);
        reported = { pending: await sendDiscoveries(hostApi(link.url, link.hostToken), items), items: items.length };
      }
      if (o.json) console.log(JSON.stringify({ ...report, ...(reported ? { reported } : {}) }, null, 2));
      else {
        printReport(report, home);
        if (reported) console.log(`\nReported ${reported.items} to the control plane; ${reported.pending} new pending approvals.`);
      }
    });
}
