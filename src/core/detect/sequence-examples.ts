// Runs each sequence's own examples: every `match` list of events must fire it, no `no_match`
// list may. Events of one example happen one second apart in one session; `wait_seconds` pauses.
import type { Parser } from 'web-tree-sitter';
import { EXAMPLE_CONTEXT, exampleEvent, exampleLabel } from '../rules/example-runner.js';
import { subjectsOf } from '../rules/subjects.js';
import { analyseShell } from '../shell/analyse.js';
import type { Sequence } from './sequence.js';
import type { ExampleItem } from './sequence-schema.js';
import { SequenceTracker } from './sequence-tracker.js';

export interface SequenceExampleResult {
  readonly sequence: string;
  readonly expect: 'match' | 'no_match';
  readonly example: string;
  readonly passed: boolean;
  /** What fired, or that nothing did. */
  readonly detail: string;
}

/** Feeds the events to a fresh tracker; the trail of the first firing, or null. */
export function playExample(sequence: Sequence, items: readonly ExampleItem[], parser: Parser): string | null {
  const tracker = new SequenceTracker([sequence]);
  const context = { ...EXAMPLE_CONTEXT, session: 'example' };
  let now = 0;
  for (const item of items) {
    if (typeof item === 'object' && 'wait_seconds' in item) { now += item.wait_seconds * 1000; continue; }
    const event = exampleEvent(item, context);
    const analysis = event.kind === 'command' ? analyseShell(parser, event.command) : null;
    const fired = tracker.observe('example', subjectsOf(event, analysis), { cwd: context.cwd, home: context.home }, now);
    if (fired[0]) return fired[0].trail.join(' → ');
    now += 1000;
  }
  return null;
}

const label = (items: readonly ExampleItem[]): string =>
  items.map((i) => (typeof i === 'object' && 'wait_seconds' in i ? `(wait ${i.wait_seconds} s)` : exampleLabel(i))).join(', ');

export function runSequenceExamples(sequences: readonly Sequence[], parser: Parser): SequenceExampleResult[] {
  const results: SequenceExampleResult[] = [];
  for (const seq of sequences) {
    const check = (items: readonly ExampleItem[], expect: 'match' | 'no_match'): void => {
      const trail = playExample(seq, items, parser);
      results.push({ sequence: seq.id, expect, example: label(items), passed: (trail !== null) === (expect === 'match'), detail: trail ?? 'did not fire' });
    };
    seq.examples.match.forEach((e) => check(e, 'match'));
    seq.examples.noMatch.forEach((e) => check(e, 'no_match'));
  }
  return results;
}
