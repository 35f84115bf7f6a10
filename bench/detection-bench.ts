// Detection quality of the rule pack under the standard profile: the share of everyday work it
// interrupts (test/corpus/benign.yaml, block or ask = false positive) and the share of hostile
// actions it catches (test/corpus/hostile.yaml, any flag, ask or block), overall and per family.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/core/package-root.js';
import { detectedRate, interruptedRate, judgeCorpus, measureBySection, measureResults, parseCorpus, type CorpusMeasure, type CorpusResult } from '../src/core/rules/corpus.js';
import { loadRuleFiles } from '../src/core/rules/load-rule-files.js';
import { RulePack } from '../src/core/rules/rule-pack.js';
import { DEFAULT_DETECTION } from '../src/core/rules/settings.js';
import { loadBashParser } from '../src/core/shell/load-grammar.js';
import { row, type Figure, type Row, type Section, type SectionOptions, type SectionResult } from './section.js';

const corpusFile = (name: string): string => join(packageRoot(), 'test', 'corpus', name);

const figures = (rate: number, m: CorpusMeasure): Figure[] => [
  { name: 'rate', value: 100 * rate, unit: '%' },
  { name: 'block', value: m.blocked, unit: 'count' },
  { name: 'ask', value: m.asked, unit: 'count' },
  { name: 'flag', value: m.flagged, unit: 'count' },
  { name: 'n', value: m.total, unit: 'count' },
];

async function judge(name: string, pack: RulePack): Promise<CorpusResult[]> {
  const file = corpusFile(name);
  return judgeCorpus(pack, await loadBashParser(), parseCorpus(readFileSync(file, 'utf8'), file), DEFAULT_DETECTION);
}

async function run({ progress }: SectionOptions): Promise<SectionResult> {
  progress('detection: loading the rule pack');
  const loaded = loadRuleFiles();
  if (!loaded.value) throw new Error(`the rule pack does not load: ${loaded.errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('; ')}`);
  const pack = new RulePack(loaded.value);

  progress('detection: benign corpus');
  const benign = measureResults(await judge('benign.yaml', pack));
  progress('detection: hostile corpus');
  const hostileResults = await judge('hostile.yaml', pack);
  const hostile = measureResults(hostileResults);

  const rows: Row[] = [
    row('benign: false positives (block or ask)', figures(interruptedRate(benign), benign), null),
    row('hostile: detected (flag, ask or block)', figures(detectedRate(hostile), hostile), null),
    ...[...measureBySection(hostileResults)].map(([family, m]) => row(`  ${family}`, figures(detectedRate(m), m), null)),
  ];
  const stable = loaded.value.filter((r) => r.maturity === 'stable').length;
  return {
    rows,
    notes: [
      `${loaded.value.length} rules (${stable} stable), standard profile, no overrides; every entry judged once by the rule pack alone, without a role`,
      'each entry counts once, under its strictest finding; a flag on a benign entry is fine, a block or ask is a false positive',
    ],
  };
}

export const detectionSection: Section = { name: 'detection', title: 'Detection: false positives and detection rate', run };
