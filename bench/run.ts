// `npm run bench`: runs every benchmark section and prints its figures beside DESIGN.md's budgets.
//   --json         print the figures as JSON (for scripts)
//   --quick        fewer iterations, for a fast look (figures are noisier)
//   --only a,b     run only the named sections
import { availableParallelism, cpus, loadavg } from 'node:os';
import { tuneHeapForDecisions } from '../src/cli/heap-tuning.js';
import { formatHuman, toJson, type Environment, type Report } from './report.js';
import { SECTIONS } from './sections.js';

interface Options { json: boolean; quick: boolean; only: string[] | null }

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { json: false, quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') o.json = true;
    else if (a === '--quick') o.quick = true;
    else if (a === '--only') o.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a.startsWith('--only=')) o.only = a.slice('--only='.length).split(',').filter(Boolean);
    else if (a === '--help' || a === '-h') {
      console.log(`usage: npm run bench [-- --json] [--quick] [--only ${SECTIONS.map((s) => s.name).join(',')}]`);
      process.exit(0);
    } else {
      console.error(`unknown option ${a} (try --help)`);
      process.exit(1);
    }
  }
  return o;
}

async function main(): Promise<void> {
  // The engine and the audit log are timed here in this process: with the heap setting every
  // warden process runs with.
  tuneHeapForDecisions();
  const o = parseArgs(process.argv.slice(2));
  const unknown = (o.only ?? []).filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`no section named ${unknown.join(', ')} (sections: ${SECTIONS.map((s) => s.name).join(', ')})`);
    process.exit(1);
  }
  const chosen = SECTIONS.filter((s) => o.only === null || o.only.includes(s.name));
  // Progress goes to a terminal only, so piped output stays clean.
  const live = !o.json && process.stderr.isTTY;
  const progress = live ? (m: string) => process.stderr.write(`\r\x1b[K… ${m}`) : () => {};
  const environment: Environment = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown cpu',
    cores: availableParallelism(),
    load: loadavg()[0] ?? 0,
    date: new Date().toISOString(),
  };
  const sections: Report['sections'][number][] = [];
  for (const s of chosen) {
    const started = process.hrtime.bigint();
    const result = await s.run({ scale: o.quick ? 0.2 : 1, progress });
    sections.push({ name: s.name, title: s.title, result, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
  if (live) process.stderr.write('\r\x1b[K');
  const report: Report = { environment, sections };
  console.log(o.json ? JSON.stringify(toJson(report), null, 2) : formatHuman(report));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
