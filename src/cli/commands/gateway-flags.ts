// Flag values of `warden gateway`: the listen address, durations, sizes.
import { UsageError } from '../../core/errors.js';

export interface Listen {
  readonly host: string;
  readonly port: number;
}

/** `HOST:PORT`, `[IPv6]:PORT` or a bare `PORT` (loopback). */
export function parseListen(text: string): Listen {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]*)):(\d{1,5})$/.exec(text) ?? /^()()(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port > 65_535) throw new UsageError(`--listen wants HOST:PORT, [IPv6]:PORT or PORT (got "${text}")`);
  const host = m[1] ?? (m[2] === '' || m[2] === undefined ? '127.0.0.1' : m[2]);
  return { host, port };
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `120s`, `2m`, `500ms`, `1h`, or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? 's']! : NaN;
  if (!Number.isFinite(ms) || ms < 1_000 || ms > 7 * 24 * 3_600_000) throw new UsageError(`${flag} wants a duration from 1s to 7 days, like 120s, 5m or 1h (got "${text}")`);
  return Math.round(ms);
}

export function parseMegabytes(text: string, flag: string): number {
  const mb = Number(text);
  if (!Number.isFinite(mb) || mb < 1 || mb > 4096) throw new UsageError(`${flag} wants a number of megabytes from 1 to 4096 (got "${text}")`);
  return Math.floor(mb * 1024 * 1024);
}

export function parseUpstream(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--upstream wants an http:// or https:// URL (got "${text}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--upstream wants an http:// or https:// URL (got "${url.protocol}")`);
  return url;
}

/** A server name for rules from the upstream's host when --name is not given. */
export function nameFromUrl(url: URL): string {
  const name = url.hostname.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128);
  return name || 'remote';
}
