// Does one event hold for one step of a sequence, given the paths the previous step left?
import { matchUnit } from '../rules/match-rule.js';
import type { SubjectUnit } from '../rules/subjects.js';
import { isInside, unitPaths } from './event-paths.js';
import type { SequenceStep } from './sequence.js';

export interface StepHit {
  /** What matched, for people (from the first unit that held). */
  readonly what: string;
  /** Paths this step passes on to the next: the linked paths, or every path the units name or run. */
  readonly paths: readonly string[];
}

export interface EventScope {
  readonly cwd: string | undefined;
  readonly home: string | undefined;
}

const LINK_WORDS: Record<NonNullable<SequenceStep['link']>, string> = { same_path: 'again on', inside_path: 'reading', runs_path: 'running' };

function linked(step: SequenceStep, named: readonly string[], run: readonly string[], previous: readonly string[]): string[] {
  switch (step.link) {
    case null: return [...named, ...run];
    case 'same_path': return [...named, ...run].filter((p) => previous.includes(p));
    case 'inside_path': return named.filter((p) => previous.some((dir) => isInside(p, dir)));
    case 'runs_path': return run.filter((p) => previous.includes(p));
  }
}

/** The step holds for some unit: an alternative matches, no `unless` does, and the link holds. */
export function matchStep(step: SequenceStep, units: readonly SubjectUnit[], previous: readonly string[], scope: EventScope): StepHit | null {
  let what: string | null = null;
  const paths = new Set<string>();
  for (const unit of units) {
    const hit = step.match.map((m) => matchUnit(m, unit)).find((r) => r.ok);
    if (!hit?.ok) continue;
    if (step.unless.some((u) => matchUnit(u, unit).ok)) continue;
    const { named, runs } = unitPaths(unit, scope.cwd, scope.home);
    const link = linked(step, named, runs, previous);
    if (step.link !== null && link.length === 0) continue;
    what ??= step.link === null ? hit.what : `${hit.what}, ${LINK_WORDS[step.link]} ${link[0]}`;
    for (const p of link) paths.add(p);
  }
  return what === null ? null : { what, paths: [...paths] };
}
