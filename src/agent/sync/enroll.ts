// Enrolling this host in a control plane: its audit key's public half goes to the server (which
// pins it to check every uploaded checkpoint), the host token comes back and is kept in
// agent.yaml, and the role the org assigns is installed as policy.yaml.
import { auditPaths } from '../../audit/paths.js';
import { loadOrCreateHostKey } from '../../audit/host-key.js';
import { failure, hostApi } from './host-api.js';
import { fetchPolicy, installServerPolicy, type ServerPolicy } from './server-policy.js';
import { writeServerLink, type ServerLink } from './server-link.js';

export interface EnrollOptions {
  readonly wardenHome: string;
  readonly url: string;
  readonly token: string;
  readonly hostname: string;
  readonly version: string;
  readonly now?: Date;
}

export interface Enrollment {
  readonly link: ServerLink;
  readonly agentFile: string;
  readonly role: { readonly id: string; readonly name: string; readonly mode: string };
  readonly policy: ServerPolicy;
}

interface EnrollAnswer {
  hostId: string;
  hostToken: string;
  org: { id: string; name: string };
  role: { id: string; name: string; mode: string };
}

const isAnswer = (v: unknown): v is EnrollAnswer => {
  const a = v as EnrollAnswer | null;
  return typeof a?.hostId === 'string' && typeof a.hostToken === 'string' && typeof a.org?.id === 'string' && typeof a.org.name === 'string' && typeof a.role?.name === 'string';
};

export async function enrollHost(o: EnrollOptions): Promise<Enrollment> {
  const key = loadOrCreateHostKey(auditPaths(o.wardenHome).keysDir);
  const publicKey = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const api = hostApi(o.url);
  const res = await api.request('POST', '/enroll', { token: o.token, hostname: o.hostname, publicKey, os: process.platform, agentVersion: o.version });
  if (res.status !== 201) throw await failure(res, 'enrollment refused');
  const answer: unknown = await res.json();
  if (!isAnswer(answer)) throw await failure(new Response(null, { status: 502, statusText: 'unexpected enrollment answer' }), 'enrollment failed');
  const link: ServerLink = { url: api.url, hostId: answer.hostId, hostToken: answer.hostToken, org: answer.org, enrolledAt: (o.now ?? new Date()).toISOString() };
  const agentFile = writeServerLink(o.wardenHome, link);
  const policy = await fetchPolicy(hostApi(api.url, link.hostToken));
  installServerPolicy(o.wardenHome, policy);
  return { link, agentFile, role: answer.role, policy };
}
