// Reading one config file for discovery: hostile files are skipped with a reason, never thrown.
// Symlinks are followed (dotfile managers link these files); a directory, a FIFO, a device or a
// file too large to be a config is not read.
import { statSync } from 'node:fs';
import { readConfig } from '../install/config-files.js';

/** Larger than any real client config (Claude Code's ~/.claude.json grows with history: a few MB). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export type DiscoveryRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'skip'; readonly reason: string };

export function readForDiscovery(file: string, maxBytes = MAX_CONFIG_BYTES): DiscoveryRead {
  try {
    const s = statSync(file);
    if (s.isFile() && s.size > maxBytes) return { kind: 'skip', reason: `${file} is ${s.size} bytes, more than the ${maxBytes} a config file is read up to` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'skip', reason: `cannot read ${file}: ${code ?? (error as Error).message}` };
  }
  const read = readConfig(file);
  if (read.kind === 'error') return { kind: 'skip', reason: read.message };
  return read;
}
