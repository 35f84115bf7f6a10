#!/usr/bin/env node
// The `warden` command line. Thin: parse flags, call the layers, print; exit codes decided here.
import { Command, CommanderError } from 'commander';
import { WardenError } from '../core/errors.js';
import { EXIT, ExitError } from './exit.js';
import { tuneHeapForDecisions } from './heap-tuning.js';
import { VERSION } from './version.js';

tuneHeapForDecisions();

const program = new Command('warden')
  .description('Warden: policy, detection and a tamper-evident audit log for everything AI coding agents run')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

// Agents run `warden hook` before every tool call: it loads its own command only, not the store,
// the audit log and every other command with their dependencies. `warden proxy` and `warden
// gateway` stay up beside every MCP server: they too load only their own command. So does `warden
// agent`: the daemon stays up on every host, and must not hold the server, the dashboard and the
// fleet store it never uses.
if (process.argv[2] === 'hook') (await import('./commands/hook.js')).registerHook(program);
else if (process.argv[2] === 'proxy') (await import('./commands/proxy.js')).registerProxy(program);
else if (process.argv[2] === 'gateway') (await import('./commands/gateway.js')).registerGateway(program);
else if (process.argv[2] === 'agent') (await import('./commands/agent.js')).registerAgent(program);
else (await import('./commands/index.js')).registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ExitError) {
    if (error.message) console.error(error.message);
    process.exitCode = error.status;
  } else if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
  } else if (error instanceof WardenError) {
    console.error(`warden: ${error.message}`);
    process.exitCode = EXIT.usage;
  } else {
    console.error(`warden: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = EXIT.usage;
  }
}
