import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteFleetStore } from '../store/sqlite/sqlite-fleet-store.js';
import type { FleetStore } from '../store/fleet/fleet-store.js';
import { createApp, type ServerApp } from './app.js';

const INDEX = '<!doctype html><title>Warden</title><script type="module" src="/assets/index-abc123.js"></script>';

let dir: string;
let store: FleetStore;
let app: ServerApp;
let bare: ServerApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-web-'));
  const web = join(dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), INDEX);
  writeFileSync(join(web, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(web, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
  symlinkSync(join(dir, 'secret.txt'), join(web, 'assets', 'link.txt'));
  store = await openSqliteFleetStore(join(dir, 'server.db'));
  app = createApp({ store, webRoot: web });
  bare = createApp({ store });
});

afterAll(async () => {
  app.close();
  bare.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard at /', () => {
  it('serves index.html for / and for the app routes, revalidated on every load', async () => {
    for (const path of ['/', '/roles', '/roles/role_123', '/audit?severity=high', '/hosts/']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('serves built files with their content type; hashed assets are cached for a year', async () => {
    const js = await app.request('/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log("app")');
    expect((await app.request('/assets/index-abc123.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('answers HEAD without a body', async () => {
    const res = await app.request('/assets/index-abc123.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('sends a strict Content-Security-Policy: no inline script or style, no frames, nothing from elsewhere', async () => {
    const csp = (await app.request('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('*');
  });

  it('gives a missing file a 404, never the page in its place', async () => {
    const res = await app.request('/assets/missing-999.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('leaves /api/ to the API: an unknown route is a JSON error, never the page', async () => {
    for (const path of ['/api', '/api/', '/api/v2/roles']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    const unknown = await app.request('/api/v1/nope');
    expect(unknown.headers.get('content-type')).toContain('application/json');
    expect(await unknown.text()).not.toContain('<!doctype html>');
    expect((await app.request('/api/v1/roles')).status).toBe(401);
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('serves nothing from outside its directory, however the path is spelled', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/link.txt', '/%00.js', '/%E0%A4%A.js']) {
      const res = await app.request(path);
      expect(await res.text(), path).not.toContain('outside the web root');
      expect([200, 404], path).toContain(res.status);
    }
  });

  it('says how to build it when it was not built', async () => {
    const res = await bare.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('npm run build');
    expect((await bare.request('/roles')).status).toBe(404);
  });
});
