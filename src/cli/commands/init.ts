// `warden init`: writes the commented starter policy, never over an existing file unless asked.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { STARTER_POLICY } from '../../core/policy/starter-policy.js';
import { DEFAULT_POLICY_FILE } from '../policy-file.js';
import { styler } from '../style.js';

interface InitOptions {
  force?: boolean;
}

function writePolicy(file: string, force: boolean): void {
  try {
    // 'wx' fails if the file exists, without a window between checking and writing.
    writeFileSync(file, STARTER_POLICY, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists; not overwriting it (use --force to replace it)`, { cause: error });
    throw new UsageError(`cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Write a commented starter policy (version 1, a "developer" role in enforce mode, tests included)')
    .argument('[file]', 'where to write it', DEFAULT_POLICY_FILE)
    .option('-f, --force', 'overwrite the file if it exists')
    .addHelpText('after', `
The starter policy denies force pushes, recursive deletes of / and ~, terraform apply on production
hosts and reading SSH keys or .env files; asks before kubectl exec, MCP file writes and unknown
commands; allows everyday tools. It ends with a tests: section that \`warden policy test\` runs.

Examples:
  warden init                      writes ./${DEFAULT_POLICY_FILE}
  warden init policies/dev.yaml
  warden init --force              replaces an existing ./${DEFAULT_POLICY_FILE}`)
    .action((file: string, o: InitOptions) => {
      writePolicy(file, o.force === true);
      const s = styler();
      const quoted = /^[\w./-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
      console.log(`${s.green('wrote')} ${file}: starter policy with role "developer" in enforce mode and its own tests`);
      console.log('');
      console.log('Next steps:');
      console.log(`  1. read it and adapt the rules          $EDITOR ${quoted}`);
      console.log(`  2. check it for problems                warden policy lint ${quoted}`);
      console.log(`  3. run the tests written in it          warden policy test ${quoted}`);
      console.log(`  4. try a command against it             warden check --policy ${quoted} -- 'git push --force'`);
    });
}
