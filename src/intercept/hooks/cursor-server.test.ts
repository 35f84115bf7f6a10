import { describe, expect, it } from 'vitest';
import { configuredName, cursorServer, programLabel } from './cursor-server.js';

describe('configuredName', () => {
  const roots = ['/home/dev/my-app', '/home/dev/docs'];
  it.each([
    ['user-github', 'github'],
    ['project-0-my-app-code-review-graph', 'code-review-graph'],
    ['project-1-docs-search', 'search'],
    ['project-2-unknown-search', 'project-2-unknown-search'],
    ['github', 'github'],
  ])('%s → %s', (exposed, name) => {
    expect(configuredName(exposed, roots)).toBe(name);
  });
});

describe('programLabel', () => {
  it.each([
    ['npx -y @modelcontextprotocol/server-filesystem /tmp', 'server-filesystem'],
    ['npx -y mcp-remote@latest https://mcp.linear.app/sse', 'mcp-remote'],
    ['docker run -i --rm ghcr.io/github/github-mcp-server', 'github-mcp-server'],
    ['/usr/local/bin/my-server --stdio', 'my-server'],
    ['uvx my-db-mcp', 'my-db-mcp'],
  ])('%s → %s', (command, label) => {
    expect(programLabel(command)).toBe(label);
  });
});

describe('cursorServer', () => {
  it('prefers the server name, then the URL host, then the command', () => {
    expect(cursorServer({ mcp_server_name: 'user-db', url: 'https://x.example/mcp', command: 'npx y' }, [])).toBe('db');
    expect(cursorServer({ url: 'https://mcp.example.com/mcp' }, [])).toBe('mcp.example.com');
    expect(cursorServer({ url: 'not a url' }, [])).toBe('not a url');
    expect(cursorServer({ command: 'npx -y @acme/server-billing' }, [])).toBe('server-billing');
    expect(cursorServer({}, [])).toBe('');
  });
});
