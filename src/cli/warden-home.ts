import { homedir } from 'node:os';
import { join } from 'node:path';

/** All state lives under WARDEN_HOME (default ~/.warden). */
export function wardenHome(): string {
  return process.env.WARDEN_HOME || join(homedir(), '.warden');
}
