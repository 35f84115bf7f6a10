// `--agents auto`: the agents whose configuration directory exists or whose command is on PATH.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HOOK_AGENTS, type HookAgent } from '../../intercept/hooks/index.js';
import { AGENT_CLIS, configDir, type InstallEnv } from './agents.js';

export function onPath(command: string, path: string | undefined): boolean {
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return true;
    } catch {
      // not here
    }
  }
  return false;
}

export interface Detected {
  readonly agent: HookAgent;
  /** What gave it away: its config directory or its command. */
  readonly by: string;
}

export function detectAgents(install: InstallEnv): Detected[] {
  const found: Detected[] = [];
  for (const agent of HOOK_AGENTS) {
    const dir = configDir(agent, install);
    const cli = AGENT_CLIS[agent].find((c) => onPath(c, install.env.PATH));
    if (existsSync(dir)) found.push({ agent, by: dir });
    else if (cli) found.push({ agent, by: `${cli} on PATH` });
  }
  return found;
}
