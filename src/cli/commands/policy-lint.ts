// `warden policy lint`: every problem in a policy file, one per line as file:line:col.
import type { Command } from 'commander';
import type { Policy } from '../../core/policy/policy.js';
import { formatProblem, type Problem } from '../../core/policy/problems.js';
import { EXIT, ExitError } from '../exit.js';
import { readPolicyFile } from '../policy-file.js';
import { styler } from '../style.js';

interface LintOptions {
  json?: boolean;
  strict?: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function contents(policy: Policy): string {
  let rules = 0;
  for (const role of policy.roles.values()) rules += role.commands.length + role.mcp.length + role.files.length + role.web.length;
  return `${plural(policy.roles.size, 'role')}, ${plural(rules, 'rule')}, ${plural(policy.tests.length, 'test')}`;
}

const inFileOrder = (a: Problem, b: Problem): number => a.line - b.line || a.col - b.col;

/** Errors and warnings in file order; warnings say so. */
function problemLines(errors: readonly Problem[], warnings: readonly Problem[]): string[] {
  const all = [...errors, ...warnings.map((p) => ({ ...p, message: `warning: ${p.message}` }))];
  return all.sort(inFileOrder).map(formatProblem);
}

export function registerPolicyLint(policy: Command): void {
  policy
    .command('lint')
    .description('Report every problem in a policy file (errors and warnings) as file:line:col: message')
    .argument('<file>', 'policy file to check')
    .option('--json', 'print {"file", "errors": [...], "warnings": [...]} with file, line, col, path and message of each')
    .option('--strict', 'treat warnings as errors (exit status 1 when there are any)')
    .addHelpText('after', `
Checks YAML syntax, the schema (unknown fields, wrong types, bad actions), rule patterns, regular
expressions (rejecting ones that could take exponential time), variables, role names and test
cases, and warns about rules that can never match.

Exit status: 0 no errors (a one-line summary is printed), 1 errors (or warnings, with --strict).

Examples:
  warden policy lint warden.yaml
  warden policy lint --strict --json warden.yaml`)
    .action((file: string, o: LintOptions) => {
      const result = readPolicyFile(file);
      const failed = result.errors.length > 0 || (o.strict === true && result.warnings.length > 0);
      if (o.json) {
        console.log(JSON.stringify({ file, errors: [...result.errors].sort(inFileOrder), warnings: [...result.warnings].sort(inFileOrder) }, null, 2));
      } else {
        const s = styler();
        for (const line of problemLines(result.errors, result.warnings)) console.log(line);
        const counts = `${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}`;
        if (failed) console.log(s.red(`${file}: ${counts}${result.errors.length === 0 ? ' (--strict)' : ''}`));
        else if (result.value) {
          const note = result.warnings.length ? `, ${plural(result.warnings.length, 'warning')}` : '';
          console.log(`${s.green(`${file}: ok`)}${note} (${contents(result.value)})`);
        }
      }
      if (failed) throw new ExitError(EXIT.usage);
    });
}
