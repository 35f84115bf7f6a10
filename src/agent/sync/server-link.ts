// $WARDEN_HOME/agent.yaml: the control plane this host is enrolled in, its host id and host token.
// Written only by enrollment, mode 0600 (the token is a credential); read by the daemon.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { WardenError } from '../../core/errors.js';
import { replaceFile } from '../../audit/replace-file.js';

export const AGENT_FILE = 'agent.yaml';

const linkSchema = z.strictObject({
  server: z.strictObject({
    url: z.url({ protocol: /^https?$/ }),
    hostId: z.string().min(1).max(200),
    hostToken: z.string().min(1).max(400),
    org: z.strictObject({ id: z.string(), name: z.string() }),
    enrolledAt: z.string(),
  }),
});

export type ServerLink = z.infer<typeof linkSchema>['server'];

/** The link, null when this host is not enrolled; a damaged file is an error, not "not enrolled". */
export function readServerLink(wardenHome: string): ServerLink | null {
  const file = join(wardenHome, AGENT_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WardenError('AGENT_FILE', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new WardenError('AGENT_FILE', `${file} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  const parsed = linkSchema.safeParse(data);
  if (!parsed.success) throw new WardenError('AGENT_FILE', `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.server;
}

export function writeServerLink(wardenHome: string, link: ServerLink): string {
  const file = join(wardenHome, AGENT_FILE);
  const text = `# Written by \`warden install --server\`: the control plane this host reports to.\n# The host token is a credential: keep this file private (mode 0600).\n${stringify({ server: link })}`;
  replaceFile(file, text);
  return file;
}
