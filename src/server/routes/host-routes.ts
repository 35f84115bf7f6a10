// What hosts call: enroll with an enrollment token, then, with their host token, fetch policy,
// listen for policy changes, upload audit entries and report discoveries.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AuditRecord } from '../../audit/entry.js';
import { SEVERITIES } from '../../core/vocabulary.js';
import { publicKeyInfo } from '../../store/fleet/audit-ingest.js';
import { hashSecret, newSecret } from '../../store/fleet/ids.js';
import { ApiError } from '../api-error.js';
import { requireHost } from '../auth/host-auth.js';
import type { AppEnv } from '../context.js';
import { raiseIngestAlerts } from '../ingest-alerts.js';
import { hostPolicy, policyEvent } from '../policy/host-policy.js';
import { readBody } from '../validate.js';
import { uploadBody } from './upload-schema.js';

const PING_MS = 15_000;
/** A minute: well inside the two minutes a host counts as online after it was last seen. */
const TOUCH_EVERY_PINGS = 4;

/** Waits `ms`, or less when `until` settles first; leaves no timer behind either way. */
function pause(ms: number, until: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    void until.then(resolve);
  }).finally(() => clearTimeout(timer));
}

const enrollBody = z.strictObject({
  token: z.string().min(1).max(200),
  hostname: z.string().min(1).max(253).regex(/^[^\s/\\]+$/, 'a host name has no spaces or slashes'),
  publicKey: z.string().min(1).max(4_000),
  os: z.string().max(100).optional(),
  agentVersion: z.string().max(100).optional(),
});

/** Names end up in MCP rules as `<name>/*`: no slashes, glob characters or control characters. */
const pluginName = z.string().min(1).max(200).regex(/^[^/*?[\]{}\s\p{Cc}][^/*?[\]{}\p{Cc}]*$/u, 'no slashes, glob characters or control characters');

const discoveriesBody = z.strictObject({
  items: z.array(z.strictObject({
    name: pluginName,
    version: z.string().max(100).optional(),
    type: z.enum(['mcp_server', 'plugin', 'extension', 'package']),
    findings: z.array(z.strictObject({ severity: z.enum(SEVERITIES), title: z.string().max(500) })).max(100).optional(),
  })).max(500),
});

export function hostRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/enroll', async (c) => {
    const body = await readBody(c, enrollBody);
    const s = c.get('services');
    let key;
    try {
      key = publicKeyInfo(body.publicKey);
      if (key.publicKey.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    } catch {
      throw new ApiError(400, 'invalid_request', 'publicKey must be the host audit key: an Ed25519 public key as SPKI PEM');
    }
    const token = await s.store.enrollmentTokens.consume(hashSecret(body.token), new Date(s.now()).toISOString());
    if (!token) throw new ApiError(401, 'unauthorized', 'the enrollment token is unknown, expired or revoked');
    const hostToken = newSecret('wht');
    const host = await s.store.hosts.enroll(token.orgId, {
      hostname: body.hostname, publicKey: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: key.keyId,
      os: body.os ?? null, agentVersion: body.agentVersion ?? null, tokenHash: hashSecret(hostToken), roleId: token.roleId,
    });
    const policy = await hostPolicy(s.store, host);
    const org = await s.store.orgs.get(host.orgId);
    return c.json({ hostId: host.id, hostToken, org: { id: org.id, name: org.name }, role: { id: policy.role.id, name: policy.role.name, mode: policy.role.mode } }, 201);
  });

  const host = new Hono<AppEnv>();
  host.use(requireHost);

  host.get('/policy', async (c) => {
    const policy = await hostPolicy(c.get('services').store, c.get('host'));
    const etag = `"${policy.etag}"`;
    c.header('etag', etag);
    c.header('x-warden-policy-version', String(policy.role.version));
    c.header('cache-control', 'no-cache');
    if (c.req.query('format') === 'json') return c.json({ ...policyEvent(policy), policy: policy.yaml });
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(policy.yaml, 200, { 'content-type': 'text/yaml; charset=utf-8' });
  });

  host.get('/events', (c) => {
    const s = c.get('services');
    const record = c.get('host');
    return streamSSE(c, async (stream) => {
      const conn = s.hub.connect(record, (event) => stream.writeSSE({ event: 'policy', data: JSON.stringify(event) }));
      stream.onAbort(() => conn.close());
      try {
        await conn.refresh();
        for (let ping = 1; !conn.closed && !stream.aborted; ping++) {
          await pause(PING_MS, conn.done);
          if (conn.closed || stream.aborted) break;
          await stream.write(': ping\n\n');
          // Every replica shows the host online while its stream is open here.
          if (ping % TOUCH_EVERY_PINGS === 0) await s.store.hosts.touch(record.id, new Date(s.now()).toISOString());
        }
      } finally {
        conn.close();
      }
    });
  });

  host.post('/audit', async (c) => {
    const body = await readBody(c, uploadBody);
    const s = c.get('services');
    const record = c.get('host');
    const result = await s.store.ingest(record, body.entries as AuditRecord[], body.checkpoints);
    await raiseIngestAlerts(s.store, record, result);
    return c.json({ stored: result.stored, accepted: result.accepted, duplicates: result.duplicates, integrity: result.integrity });
  });

  host.get('/audit/head', async (c) => {
    const h = await c.get('services').store.hosts.get(c.get('host').orgId, c.get('host').id);
    return c.json({ stored: h.lastSeq });
  });

  host.post('/discoveries', async (c) => {
    const { items } = await readBody(c, discoveriesBody);
    const s = c.get('services');
    const record = c.get('host');
    let pending = 0;
    for (const item of items) {
      const id = await s.store.approvals.discover(record.orgId, record.id, { name: item.name, version: item.version ?? null, type: item.type, findings: item.findings ?? [] });
      if (id === null) continue;
      pending++;
      const worst = (item.findings ?? []).reduce((m, f) => Math.max(m, SEVERITIES.indexOf(f.severity)), SEVERITIES.indexOf('medium'));
      await s.store.alerts.raise(record.orgId, {
        kind: 'plugin', severity: SEVERITIES[worst]!, title: `New ${item.type.replace('_', ' ')} awaiting approval: ${item.name}${item.version ? ` ${item.version}` : ''}`,
        detail: `Found on ${record.hostname}. ${(item.findings ?? []).map((f) => `${f.severity}: ${f.title}`).join('; ') || 'No scan findings yet.'}`,
        hostId: record.id, dedupeKey: `plugin:${id}`,
      });
    }
    return c.json({ pending });
  });

  app.route('/host', host);
  return app;
}
