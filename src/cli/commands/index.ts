// Every command of the `warden` CLI. `warden hook` is also registered alone by main.ts, on the short
// path agents take.
import type { Command } from 'commander';
import { registerAgent } from './agent.js';
import { registerApprovals } from './approvals.js';
import { registerAudit } from './audit.js';
import { registerCheck } from './check.js';
import { registerGateway } from './gateway.js';
import { registerHook } from './hook.js';
import { registerInit } from './init.js';
import { registerInstall, registerUninstall } from './install.js';
import { registerMcp } from './mcp.js';
import { registerPolicy } from './policy.js';
import { registerProxy } from './proxy.js';
import { registerRules } from './rules.js';
import { registerServer } from './server.js';
import { registerUp } from './up.js';
import { registerWatch } from './watch.js';
import { registerUnwrap, registerWrap } from './wrap.js';

export function registerCommands(program: Command): void {
  registerInit(program);
  registerCheck(program);
  registerPolicy(program);
  registerRules(program);
  registerAudit(program);
  registerInstall(program);
  registerUninstall(program);
  registerHook(program);
  registerAgent(program);
  registerProxy(program);
  registerGateway(program);
  registerApprovals(program);
  registerMcp(program);
  registerWrap(program);
  registerUnwrap(program);
  registerWatch(program);
  registerServer(program);
  registerUp(program);
}
