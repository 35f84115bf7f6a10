// `warden proxy`: an MCP stdio server behind Warden. The client starts `warden proxy … -- <server
// command>` instead of the server; every message passes through the session judge. stdout is the
// protocol: everything this command says goes to stderr.
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { McpSession } from '../../intercept/mcp/session.js';
import type { SessionSummary } from '../../intercept/mcp/session-stats.js';
import type { Send } from '../../intercept/mcp/session-types.js';
import { runStdioProxy } from '../../intercept/mcp/stdio-proxy.js';
import { parseDuration } from './gateway-flags.js';
import { openMcpJudging } from './mcp-judging.js';

interface ProxyOptions {
  name: string;
  policy?: string;
  role?: string;
  log?: string;
  blockUndeclared?: boolean;
  filterTools?: boolean;
  maxMessageMb: string;
  host?: string;
  jsonSummary?: boolean;
  approvalTimeout: string;
}

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const say = (text: string): void => {
  process.stderr.write(`warden proxy: ${text}\n`);
};

function maxLineBytes(text: string): number {
  const mb = Number(text);
  if (!Number.isFinite(mb) || mb < 1 || mb > 4096) throw new UsageError(`--max-message-mb wants a number of megabytes from 1 to 4096 (got "${text}")`);
  return Math.floor(mb * 1024 * 1024);
}

export function summaryText(s: SessionSummary): string {
  const l = s.latency;
  const tools = Object.entries(s.calls_by_tool).map(([t, n]) => `${t} ${n}`).join(', ') || 'none';
  const reasons = Object.entries(s.blocked_by_reason).map(([r, n]) => `${r} ${n}`).join(', ');
  return [
    `summary for ${s.server} (${s.mode}): ${s.total_tool_calls} tool calls, ${s.total_blocked} blocked${reasons ? ` (${reasons})` : ''}, ${s.total_would_block} would block, up ${s.uptime_seconds} s`,
    `  calls by tool: ${tools}`,
    `  latency ms: min ${l.min_ms} avg ${l.avg_ms} p50 ${l.p50_ms} p95 ${l.p95_ms} p99 ${l.p99_ms} max ${l.max_ms} (${l.count} answered)`,
    `  messages: ${s.messages_client_to_server} client→server, ${s.messages_server_to_client} server→client, ${s.invalid_messages} invalid; results redacted ${s.results_redacted}, withheld ${s.results_withheld}; tools hidden ${s.tools_hidden}`,
  ].join('\n');
}

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description('Run an MCP stdio server behind Warden: every tools/call judged, recorded and enforced')
    .argument('<command...>', 'the server command and its arguments, after --')
    .requiredOption('-n, --name <server>', 'the server name in rules (server/tool), e.g. filesystem')
    .option('-p, --policy <file>', 'policy file (default: $WARDEN_HOME/policy.yaml, then ./warden.yaml)')
    .option('-r, --role <name>', 'role to judge with (default: the policy default_role)')
    .option('--log <file.jsonl>', 'also append every tools/call and the summary to this JSONL file')
    .option('--block-undeclared', 'block calls to tools the server never declared or whose definition changed (and hide changed tools)')
    .option('--filter-tools', 'hide from tools/list the tools the role denies outright (enforce mode)')
    .option('--max-message-mb <n>', 'longest message (one line) held for judging, in MB; longer ones are dropped (enforce) or passed on unjudged (monitor)', '64')
    .option('--host <name>', 'host name, for variables such as {{env}} (default: this machine)')
    .option('--json-summary', 'write the summary to stderr as one JSON line instead of text')
    .option('--approval-timeout <duration>', 'how long a call the role says to ask about waits for warden approvals approve|reject before it is rejected', '120s')
    .addHelpText('after', `
A blocked call gets JSON-RPC error -32600 with the reason and never reaches the server. A call
the role says to ask about is held until \`warden approvals approve|reject ID\` (from any shell)
or the approval timeout, which rejects it; the client sees it pending meanwhile. Every
tools/call is written to $WARDEN_HOME/audit.db: an allowed call goes to the server while its
record is written and its answer waits until the record is durable; a blocked call is refused
once recorded. stdout carries only the protocol; messages go to stderr. The exit status is the
server's.

Example (in an MCP client config):
  warden proxy --name filesystem --log audit.jsonl -- npx -y @modelcontextprotocol/server-filesystem /tmp`)
    .action(async (words: string[], o: ProxyOptions) => {
      if (!SERVER_NAME.test(o.name)) throw new UsageError(`--name wants letters, digits, . _ - (got "${o.name}")`);
      const [command, ...args] = words;
      if (!command) throw new UsageError('give the server command after --, e.g. warden proxy --name fs -- npx -y @modelcontextprotocol/server-filesystem /tmp');
      const limit = maxLineBytes(o.maxMessageMb);
      const approvalTimeoutMs = parseDuration(o.approvalTimeout, '--approval-timeout');
      const m = await openMcpJudging({ server: o.name, policy: o.policy, role: o.role, host: o.host, log: o.log, holder: `proxy ${o.name} pid ${process.pid}`, approvalTimeoutMs, say });
      const { host, judge, jsonl } = m;
      // Once the first answer has reached the client (the server is up and `initialize` answered),
      // so that warming up does not compete with the server's start.
      let warming = false;
      const warmUpAfter = (send: Send): Send => (to, data) => {
        send(to, data);
        if (to === 'client' && !warming) {
          warming = true;
          m.warmUp();
        }
      };
      try {
        const { end, session } = await runStdioProxy({
          command,
          args,
          maxLineBytes: limit,
          warn: (m) => say(m),
          session: (send) => new McpSession({
            server: o.name,
            judge,
            recorder: m.recorder,
            blockUndeclared: o.blockUndeclared ?? false,
            filterTools: o.filterTools ?? false,
            hold: m.approvals.hold,
            context: { host, session: randomUUID(), role: o.role, cwd: process.cwd(), home: process.env.HOME },
            warn: (m) => say(m),
          }, warmUpAfter(send)),
        });
        if (end.error) say(end.error);
        else say(end.reason === 'client_closed' ? `the client closed the session; the server ended with status ${end.exitCode}` : `the server ended (status ${end.exitCode}${end.signal ? `, ${end.signal}` : ''})`);
        const summary = session.summary();
        jsonl?.write({ ...summary, end: end.reason, exit_code: end.exitCode });
        if (o.jsonSummary) process.stderr.write(`${JSON.stringify({ ...summary, end: end.reason, exit_code: end.exitCode })}\n`);
        else say(summaryText(summary));
        process.exitCode = end.exitCode;
      } finally {
        await m.close('the proxy stopped');
      }
    });
}
