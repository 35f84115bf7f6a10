import { describe, expect, it } from 'vitest';
import { assignedCommand, embeddedCommands } from './embedded-commands.js';
import { literal, type Word } from './types.js';

const argv = (...words: string[]): Word[] => words.map(literal);
const texts = (words: readonly Word[]): string[] => words.map((w) => w.text);

describe('git aliases and settings', () => {
  it('runs an alias given with -c with the words after it', () => {
    const found = embeddedCommands('git', argv('git', '-C', 'repo', '-c', 'alias.p=push "my remote"', 'p', '--force', 'main'));
    const run = found.find((e) => e.kind === 'exec');
    expect(run?.kind === 'exec' && texts(run.argv)).toEqual(['git', '-C', 'repo', 'push', 'my remote', '--force', 'main']);
  });

  it('hands a shell alias the words after it as arguments', () => {
    const found = embeddedCommands('git', argv('git', '-c', 'alias.s=!sh', 's', '-c', "rm -rf '/'"));
    expect(found).toContainEqual({ kind: 'script', label: 'git s', text: `sh -c 'rm -rf '\\''/'\\'''` });
  });

  it('leaves a subcommand git does not know unresolved, and an alias of an alias', () => {
    expect(embeddedCommands('git', argv('git', 'st'))).toEqual([expect.objectContaining({ kind: 'unresolved', label: 'git st' })]);
    const loop = embeddedCommands('git', argv('git', '-c', 'alias.a=a', 'a'));
    const run = loop.find((e) => e.kind === 'exec');
    expect(run?.kind === 'exec' && embeddedCommands('git', run.argv)).toEqual([expect.objectContaining({ kind: 'unresolved', label: 'git a' })]);
    expect(embeddedCommands('git', argv('git', 'push', 'origin', 'main'))).toEqual([]);
    expect(embeddedCommands('git', argv('git', 'lfs', 'pull'))).toEqual([]);
  });

  it('reads a + push refspec set with git config as a force push', () => {
    expect(embeddedCommands('git', argv('git', 'config', 'remote.origin.push', '+HEAD:main'))).toEqual([{ kind: 'script', label: 'git config', text: 'git push --force' }]);
    expect(embeddedCommands('git', argv('git', 'config', 'remote.origin.push', 'HEAD:main'))).toEqual([]);
  });

  it('leaves git settings given through the environment unresolved', () => {
    for (const name of ['GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_12']) {
      expect(assignedCommand(name, literal('x'))?.kind).toBe('unresolved');
    }
    expect(assignedCommand('GIT_CONFIG_GLOBALS', literal('x'))).toBeNull();
  });
});
