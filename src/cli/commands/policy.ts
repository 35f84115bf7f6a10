// `warden policy …`: working with policy files.
import type { Command } from 'commander';
import { registerPolicyLint } from './policy-lint.js';
import { registerPolicyTest } from './policy-test.js';

export function registerPolicy(program: Command): void {
  const policy = program
    .command('policy')
    .description('Check policy files and run the tests written in them')
    .addHelpText('after', `
Examples:
  warden policy lint warden.yaml     every problem, as file:line:col: message
  warden policy test warden.yaml     runs the tests: cases in the file`);
  registerPolicyLint(policy);
  registerPolicyTest(policy);
}
