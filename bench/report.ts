// Prints section results for people (a table per section) or for scripts (JSON).
import type { Budget, Figure, Row, SectionResult, Unit } from './section.js';

export interface Environment {
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  /** One-minute load average when the run started: other work on the machine slows every figure. */
  readonly load: number;
  readonly date: string;
}

export interface Report {
  readonly environment: Environment;
  readonly sections: readonly { readonly name: string; readonly title: string; readonly result: SectionResult; readonly seconds: number }[];
}

const grouped = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'µs':
      if (value >= 1_000) return formatValue(value / 1_000, 'ms');
      return `${grouped(value, value < 100 ? 1 : 0)} µs`;
    case 'ms':
      return `${grouped(value, value < 10 ? 2 : value < 100 ? 1 : 0)} ms`;
    case '/s':
      return `${grouped(value)} /s`;
    case 'MB':
      return `${grouped(value, 1)} MB`;
    case 'count':
      return grouped(value);
    case '%':
      return `${grouped(value, value < 10 ? 2 : 1)} %`;
  }
}

export const budgetText = (b: Budget): string => `${b.figure === 'rate' ? '' : `${b.figure} `}${b.op} ${formatValue(b.limit, b.unit)}`;

const pad = (text: string, width: number): string => (text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length));

const FIGURE_WIDTH = 15;

function figuresText(figures: readonly Figure[]): string {
  return figures.map((f) => pad(f.name === 'rate' ? formatValue(f.value, f.unit) : `${f.name} ${formatValue(f.value, f.unit)}`, FIGURE_WIDTH)).join('').trimEnd();
}

function verdictText(r: Row): string {
  if (r.met === null) return 'no budget in DESIGN.md';
  return r.met ? 'met' : 'NOT MET';
}

export function formatHuman(report: Report): string {
  const e = report.environment;
  const out: string[] = [
    `Warden benchmarks · node ${e.node} · ${e.platform} · ${e.cpu} · ${e.cores} cores · load ${e.load.toFixed(2)} at start`,
    ...(e.load > e.cores / 2 ? [`Note: the machine was busy (load ${e.load.toFixed(2)} on ${e.cores} cores); figures are pessimistic.`] : []),
    'Budgets are DESIGN.md\'s; "met" compares the figure beside it. Figures are reported, never asserted.',
  ];
  for (const s of report.sections) {
    const rows = s.result.rows;
    const labelWidth = Math.max(...rows.map((r) => r.label.length), 10) + 2;
    const figureWidth = Math.max(...rows.map((r) => figuresText(r.figures).length), 10) + 3;
    const budgetWidth = Math.max(...rows.map((r) => (r.budget ? budgetText(r.budget).length + 8 : 1)), 8) + 2;
    out.push('', `${s.title} (${s.seconds.toFixed(1)} s)`);
    const paths = [...new Set(rows.flatMap((r) => (r.budget ? [r.budget.path] : [])))];
    if (paths.length) out.push(`  budget row: ${paths.join('; ')}`);
    for (const r of rows) {
      const budget = r.budget ? `budget ${budgetText(r.budget)}` : '';
      out.push(`  ${pad(r.label, labelWidth)}${pad(figuresText(r.figures), figureWidth)}${pad(budget, budgetWidth)}${verdictText(r)}`);
      if (r.note) out.push(`  ${' '.repeat(labelWidth)}(${r.note})`);
    }
    for (const n of s.result.notes) out.push(`  · ${n}`);
  }
  return out.join('\n');
}

export function toJson(report: Report): unknown {
  return {
    environment: report.environment,
    sections: report.sections.map((s) => ({
      name: s.name,
      title: s.title,
      seconds: s.seconds,
      notes: s.result.notes,
      rows: s.result.rows.map((r) => ({
        label: r.label,
        figures: Object.fromEntries(r.figures.map((f) => [f.name, { value: f.value, unit: f.unit }])),
        budget: r.budget,
        met: r.met,
        ...(r.note ? { note: r.note } : {}),
      })),
    })),
  };
}
