// `warden check`: what would Warden do with this command or tool call, and why.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Decision } from '../../core/decision.js';
import { Engine } from '../../core/engine/engine.js';
import { UsageError } from '../../core/errors.js';
import { eventSubject, type Event, type EventContext } from '../../core/events.js';
import { loadBashParser } from '../../core/shell/load-grammar.js';
import { exitForOutcome, ExitError } from '../exit.js';
import { loadPolicyOrFail, resolvePolicyPath } from '../policy-file.js';
import { loadDetectorsOrFail, loadRulePackOrFail } from '../rule-pack-file.js';
import { styler, verdictLabel } from '../style.js';

interface CheckOptions {
  policy?: string;
  role?: string;
  host?: string;
  agent?: string;
  mcp?: string;
  args?: string;
  file?: string;
  write?: boolean;
  url?: string;
  stdin?: boolean;
  json?: boolean;
  tool?: string;
  rules?: boolean;
}

function parseArgsJson(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--args is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function splitTool(spec: string): { server: string; tool: string } {
  const slash = spec.indexOf('/');
  if (slash <= 0 || slash === spec.length - 1) throw new UsageError(`--mcp wants server/tool, e.g. filesystem/write_file (got "${spec}")`);
  return { server: spec.slice(0, slash), tool: spec.slice(slash + 1) };
}

export function buildEvent(words: string[], o: CheckOptions, context: EventContext): Event {
  const chosen = [o.mcp, o.file, o.url, words.length || o.stdin ? 'command' : undefined].filter(Boolean);
  if (chosen.length === 0) throw new UsageError('nothing to check: give a command after --, or --mcp, --file or --url (see warden check --help)');
  if (chosen.length > 1) throw new UsageError('check one thing at a time: a command, --mcp, --file or --url');
  if (o.mcp) return { kind: 'mcp_tool_call', ...splitTool(o.mcp), arguments: parseArgsJson(o.args), context };
  if (o.file) return { kind: 'file_access', path: o.file, access: o.write ? 'write' : 'read', context };
  if (o.url) return { kind: 'web_request', url: o.url, context };
  const command = o.stdin ? readFileSync(0, 'utf8') : words.join(' ');
  return { kind: 'command', command, context };
}

function printHuman(event: Event, d: Decision): void {
  const s = styler();
  const subject = eventSubject(event);
  console.log(`${verdictLabel(d.verdict, s)}  ${s.bold(subject.length > 200 ? `${subject.slice(0, 197)}...` : subject)}`);
  console.log(`  role ${d.role} (${d.mode}) → ${d.outcome} · ${d.severity}`);
  console.log(`  ${d.rule ? `rule ${s.cyan(d.rule)}: ` : ''}${d.reason}`);
  if (d.findings.length > 0) {
    console.log('');
    console.log(`  ${d.findings.length} detection finding${d.findings.length === 1 ? '' : 's'}:`);
    for (const f of d.findings) {
      console.log(`    ${verdictLabel(f.verdict, s)}  ${s.cyan(f.rule)} ${f.title} ${s.dim(`[${f.severity}]`)}`);
      console.log(`           ${s.dim(f.matched)}`);
    }
  }
  if (d.commands.length > 0) {
    console.log('');
    console.log(`  ${d.commands.length} command${d.commands.length === 1 ? '' : 's'} found:`);
    for (const c of d.commands) {
      const via = c.via.length ? s.dim(` (via ${c.via.join(' › ')})`) : '';
      const argv = c.argv.join(' ');
      console.log(`    ${verdictLabel(c.verdict, s)}  ${argv.length > 120 ? `${argv.slice(0, 117)}...` : argv}${via}`);
      console.log(`           ${s.dim(`${c.rule ? `rule ${c.rule}: ` : ''}${c.reason}`)}`);
    }
  }
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Show what Warden would decide for a command or tool call, and why')
    .argument('[command...]', 'the command line, after -- (one quoted string, or words joined by spaces)')
    .option('-p, --policy <file>', 'policy file (default: $WARDEN_HOME/policy.yaml, then ./warden.yaml)')
    .option('-r, --role <name>', 'role to judge with (default: the policy default_role)')
    .option('--host <name>', 'host name, for variables such as {{env}}')
    .option('--agent <name>', 'agent name (claude-code, cursor, ...)')
    .option('--mcp <server/tool>', 'check an MCP tool call instead of a command')
    .option('--args <json>', 'arguments of the MCP tool call, as JSON')
    .option('--file <path>', 'check a file read (or write, with --write) by an agent file tool')
    .option('--write', 'with --file: the access is a write')
    .option('--url <url>', 'check a web request by an agent web tool')
    .option('--stdin', 'read the command line from standard input')
    .option('--tool <name>', 'the agent tool used (Bash, Read, run_shell_command, ...), for rule scoping')
    .option('--no-rules', 'judge by the role only, without the detection rule pack and detectors')
    .option('--json', 'print the decision as JSON')
    .addHelpText('after', `
Exit status: 0 allowed (or would_block in monitor mode), 2 blocked, 3 ask (held for a human), 1 usage or input error.

Examples:
  warden check --policy warden.yaml -- 'cd app && git push origin main --force'
  warden check --mcp filesystem/write_file --args '{"path":"/etc/passwd"}'
  warden check --host prod-db-1 -- terraform apply`)
    .action(async (words: string[], o: CheckOptions) => {
      const { policy, warnings } = loadPolicyOrFail(resolvePolicyPath(o.policy));
      if (!o.json) for (const w of warnings) console.error(`warning: ${w}`);
      const context: EventContext = { host: o.host, agent: o.agent, role: o.role, tool: o.tool, cwd: process.cwd(), home: process.env.HOME };
      const event = buildEvent(words, o, context);
      const detection = o.rules === false ? null : loadRulePackOrFail();
      const detectors = o.rules === false ? null : loadDetectorsOrFail(policy.detectors);
      const engine = new Engine(policy, await loadBashParser(), detection, detectors);
      const decision = engine.evaluate(event, Date.now());
      if (o.json) console.log(JSON.stringify(decision, null, 2));
      else printHuman(event, decision);
      const status = exitForOutcome(decision.outcome);
      if (status !== 0) throw new ExitError(status);
    });
}
