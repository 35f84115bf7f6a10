// A light static scan of one MCP server entry, for whoever approves it: packages fetched unpinned
// at every start, remote servers over plain http, credentials written into the config. A title
// names the key and the file, never the value.
import { findSecrets } from '../../core/detect/find-secrets.js';
import { isPlaceholder, isSecretName } from '../../core/detect/entropy.js';
import type { Finding, Launch } from './types.js';
import { fetchedPackage } from './package-pin.js';

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

const stringMap = (v: unknown): Array<[string, string]> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string')
    : [];

/** A value written out in the file (not a `${VAR}` reference) that is a credential. */
const secretValue = (key: string, value: string): boolean =>
  !isPlaceholder(value) && (findSecrets(value).length > 0 || findSecrets(`${key}=${value}`).length > 0 || (isSecretName(key) && value.trim().length >= 6));

function urlFindings(url: string, file: string): Finding[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ severity: 'medium', title: `remote server address is not a valid URL in ${file}` }];
  }
  const out: Finding[] = [];
  if (parsed.protocol === 'http:' || parsed.protocol === 'ws:') {
    out.push(LOOPBACK.test(parsed.hostname)
      ? { severity: 'low', title: `remote server over plain ${parsed.protocol.slice(0, -1)} on this machine (${parsed.host})` }
      : { severity: 'high', title: `remote server over plain ${parsed.protocol.slice(0, -1)} (${parsed.host}): calls and any token travel unencrypted` });
  }
  if (parsed.password !== '' || findSecrets(url).length > 0 || [...parsed.searchParams].some(([k, v]) => secretValue(k, v))) {
    out.push({ severity: 'high', title: `credential in plain text in the server URL in ${file}` });
  }
  return out;
}

/** `raw` is the entry as the file holds it (for env and headers); `launch` what it starts. */
export function scanEntry(raw: unknown, launch: Launch, file: string): Finding[] {
  const out: Finding[] = [];
  const entry = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (launch.kind === 'stdio') {
    const pkg = fetchedPackage(launch.command, launch.args);
    if (pkg && pkg.version === null) out.push({ severity: 'medium', title: `unpinned package ${pkg.name.slice(0, 200)} fetched at every start (${pkg.launcher})` });
    if (launch.args.some((a, i) => findSecrets(a).length > 0 || (isSecretName(a) && launch.args[i + 1] !== undefined && secretValue(a, launch.args[i + 1]!)))) {
      out.push({ severity: 'high', title: `credential in plain text in the command line in ${file}` });
    }
    if (launch.wrapped) out.push({ severity: 'info', title: 'runs behind warden proxy' });
  }
  if (launch.kind === 'remote') out.push(...urlFindings(launch.url, file));
  for (const key of ['env', 'environment']) {
    const names = stringMap(entry[key]).filter(([k, v]) => secretValue(k, v)).map(([k]) => k.slice(0, 60));
    if (names.length > 0) out.push({ severity: 'high', title: `credential in plain text in ${file} (${key} ${names.join(', ')})` });
  }
  const headers = stringMap(entry.headers).filter(([k, v]) => secretValue(k, v) || (/^(?:authorization|proxy-authorization|cookie)$/i.test(k) && !isPlaceholder(v.replace(/^(?:bearer|basic|token)\s+/i, ''))));
  if (headers.length > 0) out.push({ severity: 'high', title: `credential in plain text in ${file} (headers ${headers.map(([k]) => k.slice(0, 60)).join(', ')})` });
  return out;
}
