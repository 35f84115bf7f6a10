import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitDashedName, splitMcpName } from './mcp-names.js';

describe('splitMcpName', () => {
  it.each([
    ['mcp__memory__create_entities', 'memory', 'create_entities'],
    ['mcp__my_db__drop__table', 'my_db', 'drop__table'],
    ['mcp__plugin_acme_fs__read_file', 'plugin_acme_fs', 'read_file'],
    ['mcp__server', 'server', ''],
    ['mcp____tool', '', 'tool'],
  ])('%s → %s / %s', (name, server, tool) => {
    expect(splitMcpName(name)).toEqual({ server, tool });
  });

  it('is null without the prefix: the tool is the agent’s own', () => {
    expect(splitMcpName('Bash')).toBeNull();
    expect(splitMcpName('mcp_fs__read')).toBeNull();
  });

  it('lets a configured server holding `__` win over the first separator', () => {
    expect(splitMcpName('mcp__team__db__query', ['team__db'])).toEqual({ server: 'team__db', tool: 'query' });
    expect(splitMcpName('mcp__team__db__query', ['team'])).toEqual({ server: 'team', tool: 'db__query' });
  });

  it('puts server and tool back together as they were', () => {
    fc.assert(
      fc.property(fc.string(), (rest) => {
        const split = splitMcpName(`mcp__${rest}`);
        expect(split).not.toBeNull();
        // Without a separator the whole rest is the server; with one (even an empty tool, `mcp__x__`)
        // server, separator and tool give the name back.
        if (!rest.includes('__')) expect(split).toEqual({ server: rest, tool: '' });
        else expect(`${split!.server}__${split!.tool}`).toBe(rest);
      }),
    );
  });
});

describe('splitDashedName', () => {
  it.each([
    ['github-mcp-server-list_issues', undefined, 'github-mcp-server', 'list_issues'],
    ['angular-cli-get_best_practices', undefined, 'angular-cli', 'get_best_practices'],
    ['context7-query-docs', ['context7'], 'context7', 'query-docs'],
    ['Context7-resolve-library-id', ['context7'], 'Context7', 'resolve-library-id'],
  ] as const)('%s → server / tool', (name, servers, server, tool) => {
    expect(splitDashedName(name, servers)).toEqual({ server, tool });
  });

  it('is null for a name with no dash to split at', () => {
    for (const name of ['bash', 'view', '-tool', 'server-']) expect(splitDashedName(name)).toBeNull();
  });
});
