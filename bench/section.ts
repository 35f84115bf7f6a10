// What a benchmark section reports: rows of figures, each row with the DESIGN.md budget it
// answers to (if any) and whether the measurement meets it.

/** `%` is a share in percent (0–100). */
export type Unit = 'µs' | 'ms' | '/s' | 'MB' | 'count' | '%';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: Unit;
}

export interface Budget {
  /** The figure (by name) the budget is about. */
  readonly figure: string;
  readonly op: '<' | '>';
  readonly limit: number;
  readonly unit: Unit;
  /** The DESIGN.md budget row it comes from, e.g. "engine: one command decision". */
  readonly path: string;
}

export interface Row {
  readonly label: string;
  readonly figures: readonly Figure[];
  readonly budget: Budget | null;
  /** null when the row has no budget. */
  readonly met: boolean | null;
  readonly note?: string;
}

export interface SectionResult {
  readonly rows: readonly Row[];
  /** What a reader should know to trust the figures (caches, corpus size, conditions). */
  readonly notes: readonly string[];
}

export interface SectionOptions {
  /** Multiplies iteration counts: 1 for the full run, smaller for a quick look. */
  readonly scale: number;
  /** Progress for people; silent when printing JSON. */
  readonly progress: (message: string) => void;
}

export interface Section {
  readonly name: string;
  readonly title: string;
  run(options: SectionOptions): SectionResult | Promise<SectionResult>;
}

export function figureOf(row: Row, name: string): Figure | undefined {
  return row.figures.find((f) => f.name === name);
}

/** A row whose `met` is computed from its budget. */
export function row(label: string, figures: readonly Figure[], budget: Budget | null, note?: string): Row {
  let met: boolean | null = null;
  if (budget) {
    const f = figures.find((x) => x.name === budget.figure);
    if (!f) throw new Error(`row ${label}: budget names figure ${budget.figure}, which the row does not have`);
    met = budget.op === '<' ? f.value < budget.limit : f.value > budget.limit;
  }
  return note === undefined ? { label, figures, budget, met } : { label, figures, budget, met, note };
}
