// `warden rules`: browse, test and explain the built-in detection rule pack.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { EventContext } from '../../core/events.js';
import { analyseShell } from '../../core/shell/analyse.js';
import { loadBashParser } from '../../core/shell/load-grammar.js';
import { exampleLabel, runExamples } from '../../core/rules/example-runner.js';
import { inProfile, verdictForSeverity } from '../../core/rules/rule-pack.js';
import type { DetectionRule } from '../../core/rules/rule.js';
import { PROFILES, type Profile } from '../../core/rules/settings.js';
import { subjectsOf } from '../../core/rules/subjects.js';
import { ExitError } from '../exit.js';
import { loadRulePackOrFail } from '../rule-pack-file.js';
import { styler } from '../style.js';
import { buildEvent } from './check.js';

function profileOf(text: string | undefined): Profile {
  const p = text ?? 'standard';
  if (!(PROFILES as readonly string[]).includes(p)) throw new UsageError(`unknown profile "${p}" (${PROFILES.join(', ')})`);
  return p as Profile;
}

const summary = (r: DetectionRule) => ({
  id: r.id, family: r.family, title: r.title, severity: r.severity, verdict: verdictForSeverity(r.severity),
  maturity: r.maturity, tags: r.tags, applies_to: [...r.appliesTo],
});

function list(o: { profile?: string; tag?: string; family?: string; json?: boolean }): void {
  const profile = profileOf(o.profile);
  const rules = loadRulePackOrFail().rules.filter((r) =>
    inProfile(r, profile) && (!o.tag || r.tags.includes(o.tag)) && (!o.family || r.family === o.family));
  if (o.json) { console.log(JSON.stringify(rules.map(summary), null, 2)); return; }
  const s = styler();
  for (const r of rules) console.log(`${s.cyan(r.id.padEnd(12))} ${r.severity.padEnd(8)} ${r.title} ${s.dim(`[${r.family}${r.tags.length ? `; ${r.tags.join(', ')}` : ''}]`)}`);
  console.log(s.dim(`${rules.length} rule${rules.length === 1 ? '' : 's'} in profile ${profile}`));
}

function show(id: string, o: { json?: boolean }): void {
  const rule = loadRulePackOrFail().get(id);
  if (!rule) throw new UsageError(`no rule ${id} (see warden rules list --profile strict)`);
  if (o.json) {
    console.log(JSON.stringify({ ...summary(rule), description: rule.description, source: rule.source, examples: rule.examples }, null, 2));
    return;
  }
  const s = styler();
  console.log(`${s.bold(rule.id)}  ${rule.title}`);
  console.log(`  severity ${rule.severity} (→ ${verdictForSeverity(rule.severity)}), ${rule.maturity}, family ${rule.family}`);
  if (rule.tags.length) console.log(`  tags ${rule.tags.join(', ')}`);
  console.log(`  looks at ${[...rule.appliesTo].join(', ')}${rule.applyToTools ? `; only tools ${rule.applyToTools.join(', ')}` : ''}${rule.exemptTools.length ? `; exempt ${rule.exemptTools.join(', ')}` : ''}`);
  console.log(`  defined at ${rule.source.file}:${rule.source.line}`);
  console.log(`\n  ${rule.description}\n`);
  console.log('  matches:');
  for (const e of rule.examples.match) console.log(`    ${s.red('✗')} ${exampleLabel(e)}`);
  console.log('  does not match:');
  for (const e of rule.examples.noMatch) console.log(`    ${s.green('✓')} ${exampleLabel(e)}`);
}

async function test(ids: string[], o: { json?: boolean }): Promise<void> {
  const pack = loadRulePackOrFail();
  const unknown = ids.filter((id) => !pack.get(id));
  if (unknown.length) throw new UsageError(`no rule ${unknown.join(', ')}`);
  const rules = ids.length ? pack.rules.filter((r) => ids.includes(r.id)) : pack.rules;
  const results = runExamples(pack, await loadBashParser(), rules);
  const failed = results.filter((r) => !r.passed);
  if (o.json) console.log(JSON.stringify({ passed: results.length - failed.length, failed: failed.length, results }, null, 2));
  else {
    const s = styler();
    for (const r of failed) {
      console.log(`${s.red('FAIL')} ${r.rule} should ${r.expect === 'match' ? '' : 'not '}match: ${r.example}`);
      console.log(`     ${s.dim(r.detail)}`);
    }
    console.log(`${rules.length} rules, ${results.length} examples: ${s.green(`${results.length - failed.length} passed`)}${failed.length ? `, ${s.red(`${failed.length} failed`)}` : ''}`);
  }
  if (failed.length) throw new ExitError(1);
}

async function explain(words: string[], o: Record<string, string | boolean | undefined>): Promise<void> {
  const pack = loadRulePackOrFail();
  const profile = profileOf(o.profile as string | undefined);
  const context: EventContext = { tool: o.tool as string | undefined, cwd: process.cwd(), home: process.env.HOME };
  const event = buildEvent(words, o, context);
  const parser = await loadBashParser();
  const subjects = subjectsOf(event, event.kind === 'command' ? analyseShell(parser, event.command) : null);
  const explanations = pack.explain(subjects, { profile, overrides: {} });
  if (o.json) { console.log(JSON.stringify(explanations, null, 2)); return; }
  const s = styler();
  const matched = explanations.filter((e) => e.matched);
  for (const e of explanations) {
    const mark = e.matched ? s.red('MATCH') : e.detail.startsWith('skipped') ? s.dim('skip ') : 'no   ';
    console.log(`${mark} ${s.cyan(e.rule.padEnd(12))} ${e.title}`);
    console.log(`      ${s.dim(e.detail)}`);
  }
  console.log(`${matched.length} of ${explanations.length} rules matched (profile ${profile})`);
}

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('Browse, test and explain the built-in detection rule pack');
  rules.command('list').description('List rules')
    .option('--profile <profile>', `strict (all), standard (stable; default) or minimal (stable critical)`)
    .option('--tag <tag>', 'only rules with this tag (e.g. T1552.004)')
    .option('--family <family>', 'only rules of this family (e.g. secrets)')
    .option('--json', 'print as JSON')
    .action(list);
  rules.command('show').description('Show one rule: what it detects, severity, examples').argument('<id>').option('--json', 'print as JSON').action(show);
  rules.command('test').description("Run the rules' own examples (all rules, or the ones named)").argument('[ids...]').option('--json', 'print as JSON').action(test);
  rules.command('explain').description('Every rule that looked at a command or tool call, and why each matched or not')
    .argument('[command...]', 'the command line, after --')
    .option('--mcp <server/tool>', 'explain an MCP tool call')
    .option('--args <json>', 'arguments of the MCP tool call')
    .option('--file <path>', 'explain a file read (or write, with --write)')
    .option('--write', 'with --file: a write')
    .option('--url <url>', 'explain a web request')
    .option('--tool <name>', 'the agent tool used')
    .option('--stdin', 'read the command line from standard input')
    .option('--profile <profile>', 'profile to explain under (default standard)')
    .option('--json', 'print as JSON')
    .action(explain);
}
