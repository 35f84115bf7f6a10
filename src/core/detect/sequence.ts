// A sequence after loading: compiled steps ready to follow events. Types only.
import type { Severity } from '../vocabulary.js';
import type { Matcher } from '../rules/rule.js';
import type { ExampleItem, StepLink } from './sequence-schema.js';

export interface SequenceStep {
  readonly match: readonly Matcher[];
  readonly unless: readonly Matcher[];
  readonly link: StepLink | null;
  readonly count: number;
}

export interface Sequence {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly tags: readonly string[];
  readonly maturity: 'stable' | 'incubating';
  readonly windowSeconds: number;
  readonly steps: readonly SequenceStep[];
  readonly examples: { readonly match: readonly (readonly ExampleItem[])[]; readonly noMatch: readonly (readonly ExampleItem[])[] };
  readonly source: { readonly file: string; readonly line: number };
}
