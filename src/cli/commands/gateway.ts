// `warden gateway`: a remote MCP server (Streamable HTTP, or legacy HTTP+SSE) behind Warden. MCP
// clients connect to the gateway's Streamable HTTP endpoint instead of the server; every message
// passes through the same session judge as `warden proxy`. Calls the role says to ask about are
// held until `warden approvals approve|reject` (from any shell) or the approval timeout.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { gatewayHold } from '../../intercept/mcp/gateway/gateway-hold.js';
import { GatewayServer } from '../../intercept/mcp/gateway/gateway-server.js';
import { LegacySseUpstream } from '../../intercept/mcp/gateway/legacy-upstream.js';
import { StreamableUpstream } from '../../intercept/mcp/gateway/streamable-upstream.js';
import { McpSession } from '../../intercept/mcp/session.js';
import { nameFromUrl, parseDuration, parseListen, parseMegabytes, parseUpstream } from './gateway-flags.js';
import { openMcpJudging } from './mcp-judging.js';
import { summaryText } from './proxy.js';

interface GatewayOptions {
  listen: string;
  upstream: string;
  transport: string;
  name?: string;
  policy?: string;
  role?: string;
  log?: string;
  blockUndeclared?: boolean;
  filterTools?: boolean;
  approvalTimeout: string;
  maxBodyMb: string;
  allowOrigin: string[];
  host?: string;
  jsonSummary?: boolean;
}

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const say = (text: string): void => {
  process.stderr.write(`warden gateway: ${text}\n`);
};
const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerGateway(program: Command): void {
  program
    .command('gateway')
    .description('Put a remote MCP server (Streamable HTTP or legacy SSE) behind Warden: an MCP Streamable HTTP endpoint that judges, records and enforces every tools/call')
    .requiredOption('-u, --upstream <url>', 'the MCP server to forward to, e.g. https://mcp.example.com/mcp (or …/sse for a legacy SSE server)')
    .option('-l, --listen <host:port>', 'address to listen on (only this address is bound)', '127.0.0.1:7710')
    .option('--transport <kind>', 'upstream transport: streamable, sse (legacy HTTP+SSE) or auto (sse when the URL path ends in /sse)', 'auto')
    .option('-n, --name <server>', 'the server name in rules (server/tool) (default: the upstream host name)')
    .option('-p, --policy <file>', 'policy file (default: $WARDEN_HOME/policy.yaml, then ./warden.yaml)')
    .option('-r, --role <name>', 'role to judge with (default: the policy default_role)')
    .option('--log <file.jsonl>', 'also append every tools/call, approval and session summary to this JSONL file')
    .option('--block-undeclared', 'block calls to tools the server never declared or whose definition changed (and hide changed tools)')
    .option('--filter-tools', 'hide from tools/list the tools the role denies outright (enforce mode)')
    .option('--approval-timeout <duration>', 'how long a held call waits for warden approvals approve|reject before it is rejected', '120s')
    .option('--max-body-mb <n>', 'largest request body and upstream message judged, in MB; larger request bodies get HTTP 413', '64')
    .option('--allow-origin <origin>', 'a browser origin (scheme://host:port) allowed besides loopback ones; repeatable', collect, [])
    .option('--host <name>', 'host name, for variables such as {{env}} (default: this machine)')
    .option('--json-summary', 'write session summaries to stderr as JSON lines instead of text')
    .addHelpText('after', `
Clients connect to http://HOST:PORT/mcp (any path) with MCP Streamable HTTP. A blocked call gets
JSON-RPC error -32600 with the reason and never reaches the upstream. A call the role asks about
is held: the client's POST is answered with an event stream that stays open until a person runs
warden approvals approve ID or reject ID, or --approval-timeout passes (then it is rejected).
Headers (Authorization included) go to the upstream unchanged and are never logged.

Examples:
  warden gateway --listen 127.0.0.1:7710 --upstream https://mcp.example.com/mcp --name example
  warden gateway --listen 127.0.0.1:7711 --upstream http://127.0.0.1:3001/sse --log gateway.jsonl
  warden approvals list`)
    .action(async (o: GatewayOptions) => {
      const listen = parseListen(o.listen);
      const url = parseUpstream(o.upstream);
      const name = o.name ?? nameFromUrl(url);
      if (!SERVER_NAME.test(name)) throw new UsageError(`--name wants letters, digits, . _ - (got "${name}")`);
      if (!['auto', 'streamable', 'sse'].includes(o.transport)) throw new UsageError(`--transport wants streamable, sse or auto (got "${o.transport}")`);
      const legacy = o.transport === 'sse' || (o.transport === 'auto' && /\/sse\/?$/.test(url.pathname));
      const timeoutMs = parseDuration(o.approvalTimeout, '--approval-timeout');
      const maxBodyBytes = parseMegabytes(o.maxBodyMb, '--max-body-mb');
      const m = await openMcpJudging({ server: name, policy: o.policy, role: o.role, host: o.host, log: o.log, holder: `gateway ${listen.host}:${listen.port} (${name}) pid ${process.pid}`, approvalTimeoutMs: timeoutMs, say });
      const { host, judge, jsonl, recorder, approvals } = m;
      let gateway: GatewayServer;
      try {
        gateway = await GatewayServer.start({
          host: listen.host,
          port: listen.port,
          maxBodyBytes,
          allowedOrigins: o.allowOrigin,
          warn: (m) => say(m),
          upstream: (ctx) => (legacy ? new LegacySseUpstream(url, ctx) : new StreamableUpstream(url, ctx)),
          session: (send, s) => new McpSession({
            server: name,
            judge,
            recorder,
            hold: gatewayHold(approvals.holder, () => s.id),
            blockUndeclared: o.blockUndeclared ?? false,
            filterTools: o.filterTools ?? false,
            context: { host, role: o.role, cwd: process.cwd(), home: process.env.HOME },
            warn: (m) => say(m),
          }, send),
          onSessionEnd: (s, why) => {
            const summary = { ...s.mcp.summary(), session: s.id, end: why };
            jsonl?.write(summary);
            if (s.mcp.stats.fromClient === 0) return;
            if (o.jsonSummary) process.stderr.write(`${JSON.stringify(summary)}\n`);
            else say(`${summaryText(s.mcp.summary())}\n  session ${s.id ?? '(none)'} ended: ${why}`);
          },
        });
      } catch (error) {
        await m.close();
        const e = error as NodeJS.ErrnoException;
        throw new UsageError(`cannot listen on ${listen.host}:${listen.port}: ${e.code === 'EADDRINUSE' ? 'the address is in use' : e.message}`, { cause: error });
      }
      const a = gateway.address;
      const shown = a.host.includes(':') ? `[${a.host}]` : a.host;
      say(`listening on http://${shown}:${a.port}/mcp for ${url.origin}${url.pathname} (${legacy ? 'legacy SSE' : 'Streamable HTTP'} upstream, server name ${name}, ${judge.mode} mode, role ${judge.role})`);
      // The upstream is already up (a remote server), so nothing is competing for the CPU now:
      // the gateway warms up at once, as the proxy does once its server has answered.
      m.warmUp();
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      say('stopping');
      m.approvals.close('the gateway stopped');
      // Calls just withdrawn record their outcome on the next turns of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await gateway.close();
      await m.close();
    });
}
