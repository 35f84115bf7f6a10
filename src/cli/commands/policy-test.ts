// `warden policy test`: runs the tests: cases written in a policy file, reported like a test runner.
import type { Command } from 'commander';
import { Engine } from '../../core/engine/engine.js';
import { loadPolicyText } from '../../core/policy/load-policy.js';
import { locatorFor, type Locator } from '../../core/policy/problems.js';
import { runPolicyTests, TEST_CWD, TEST_HOME, type PolicyTestReport, type PolicyTestResult } from '../../core/policy/run-policy-tests.js';
import { loadBashParser } from '../../core/shell/load-grammar.js';
import { EXIT, ExitError } from '../exit.js';
import { readPolicyText, requirePolicy } from '../policy-file.js';
import { loadRulePackOrFail } from '../rule-pack-file.js';
import { styler } from '../style.js';

interface TestOptions {
  json?: boolean;
  role?: string;
  rules?: boolean;
}

const clip = (text: string, max = 100): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

function printReport(report: PolicyTestReport, locate: Locator): void {
  const s = styler();
  const tty = process.stdout.isTTY === true;
  const pass = tty ? s.green('✓') : 'PASS';
  const fail = tty ? s.red('✗') : 'FAIL';
  for (const r of report.results) {
    const label = r.name ? `${r.name} ${s.dim(`(${clip(r.subject, 80)})`)}` : clip(r.subject);
    console.log(`${r.passed ? pass : fail} ${label} ${s.dim(`→ ${r.actual ?? 'error'}`)}`);
    if (!r.passed) printFailure(r, locate, s);
  }
  console.log('');
  const summary = `${report.passed} passed, ${report.failed} failed`;
  console.log(report.failed ? s.red(summary) : s.green(summary));
}

function printFailure(r: PolicyTestResult, locate: Locator, s: ReturnType<typeof styler>): void {
  const at = locate.at(['tests', r.index], '');
  console.log(`    at ${at.file}:${at.line}:${at.col} (tests[${r.index}], role ${r.role})`);
  console.log(`    expected ${s.bold(r.expected)}, got ${s.bold(s.red(r.actual ?? 'no verdict'))}`);
  console.log(`    ${r.rule ? `rule ${s.cyan(r.rule)}: ` : 'no rule: '}${r.reason}`);
}

export function registerPolicyTest(policy: Command): void {
  policy
    .command('test')
    .description('Run the test cases in the tests: section of a policy file')
    .argument('<file>', 'policy file whose tests to run')
    .option('--json', 'print {"file", "passed", "failed", "results": [...]} as JSON')
    .option('-r, --role <name>', 'run only the cases of this role (cases without role: belong to default_role)')
    .option('--no-rules', 'judge by the roles only, without the detection rule pack (as warden check --no-rules)')
    .addHelpText('after', `
Each case names one action and the verdict the policy must give it:
  tests:
    - { command: "git push -f origin main", expect: block }
    - { command: "terraform apply", host: prod-db-1, expect: block }
    - { mcp: filesystem/write_file, args: { path: /etc/hosts }, expect: ask }
    - { file: ~/.ssh/id_rsa, access: read, expect: block }
    - { url: https://pastebin.com/raw/x, expect: block }
expect is allow, flag, ask or block (deny is accepted for block). Optional fields: name, role,
host (for variables such as env), agent. In file cases ~ is ${TEST_HOME} and relative paths
start in ${TEST_CWD}, so results are the same on every machine. Cases are judged as
\`warden check\` judges: by the role and the detection rule pack (with the policy's detection settings).

Exit status: 0 every case passed, 1 a case failed, the file has no tests or cannot be loaded.`)
    .action(async (file: string, o: TestOptions) => {
      const text = readPolicyText(file);
      const { policy, warnings } = requirePolicy(loadPolicyText(text, file), file);
      if (!o.json) for (const w of warnings) console.error(`warning: ${w}`);
      if (policy.tests.length === 0) {
        throw new ExitError(EXIT.usage, `no tests in ${file}: add a tests: section, for example\n  tests:\n    - { command: "git push --force", expect: block }\n(see warden policy test --help)`);
      }
      const engine = new Engine(policy, await loadBashParser(), o.rules === false ? null : loadRulePackOrFail());
      const report = runPolicyTests(engine, { role: o.role });
      if (report.results.length === 0) throw new ExitError(EXIT.usage, `no tests for role ${o.role ?? policy.defaultRole} in ${file}`);
      const locate = locatorFor(text, file);
      if (o.json) {
        const results = report.results.map((r) => ({ ...r, line: locate.at(['tests', r.index], '').line }));
        console.log(JSON.stringify({ file, passed: report.passed, failed: report.failed, results }, null, 2));
      } else printReport(report, locate);
      if (report.failed > 0) throw new ExitError(EXIT.usage);
    });
}
