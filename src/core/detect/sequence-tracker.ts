// Follows sequences across the events of each (host, agent, session): shell and MCP alike.
// Each sequence keeps a few partial runs per session; a run must finish within the window of
// its first step. A sequence fires once per occurrence: when one run completes, every run of
// that sequence in that session is dropped, so later events start afresh.
import type { Subjects } from '../rules/subjects.js';
import { LruMap } from './lru.js';
import type { Sequence } from './sequence.js';
import { matchStep, type EventScope } from './step-match.js';

/** Partial runs kept per sequence and session; the oldest is dropped past this. */
const MAX_RUNS = 32;
/** Paths a run carries from one step to the next. */
const MAX_PATHS = 64;

interface Run {
  /** Index of the step still to hold. */
  next: number;
  readonly start: number;
  /** Paths the last completed step passed on. */
  paths: readonly string[];
  /** Distinct things counted so far toward the current step's `count`. */
  counted: Set<string>;
  /** What each completed step matched, for the finding. */
  readonly trail: string[];
}

export interface SequenceFired {
  readonly sequence: Sequence;
  /** What each step matched, in order. */
  readonly trail: readonly string[];
  /** Milliseconds from the first step to the last. */
  readonly elapsedMs: number;
}

export class SequenceTracker {
  private readonly sessions: LruMap<string, Map<string, Run[]>>;
  private events = 0;

  constructor(readonly sequences: readonly Sequence[], maxSessions = 10_000) {
    this.sessions = new LruMap(maxSessions);
  }

  /** Feeds one event of a session; returns the sequences it completes. */
  observe(session: string, subjects: Subjects, scope: EventScope, now: number): SequenceFired[] {
    const state = this.sessions.getOrCreate(session, () => new Map());
    const eventId = `#${this.events++}`;
    const fired: SequenceFired[] = [];
    for (const seq of this.sequences) {
      const windowMs = seq.windowSeconds * 1000;
      const runs = (state.get(seq.id) ?? []).filter((r) => now - r.start <= windowMs);
      let done: Run | null = null;
      for (const run of runs) {
        if (this.advance(seq, run, subjects, scope, eventId) && run.next === seq.steps.length) { done = run; break; }
      }
      if (!done && !runs.some((r) => r.next === 0)) {
        const run: Run = { next: 0, start: now, paths: [], counted: new Set(), trail: [] };
        if (this.advance(seq, run, subjects, scope, eventId)) {
          // A newer run in the same place makes an older one with nothing counted yet redundant: it expires later.
          const same = runs.findIndex((r) => r.next === run.next && r.counted.size === 0 && r.paths.join('\u0000') === run.paths.join('\u0000'));
          if (same !== -1) runs.splice(same, 1);
          runs.push(run);
          if (runs.length > MAX_RUNS) runs.shift();
        }
      }
      if (done) {
        fired.push({ sequence: seq, trail: done.trail, elapsedMs: now - done.start });
        state.delete(seq.id);
      } else if (runs.length > 0) state.set(seq.id, runs);
      else state.delete(seq.id);
    }
    return fired;
  }

  /** Tries the run's next step on this event; true when the run moved (or counted) forward. */
  private advance(seq: Sequence, run: Run, subjects: Subjects, scope: EventScope, eventId: string): boolean {
    const step = seq.steps[run.next];
    if (!step) return false;
    const hit = matchStep(step, subjects.units, run.paths, scope);
    if (!hit) return false;
    if (step.count > 1) {
      for (const key of step.link ? hit.paths : [eventId]) if (run.counted.size < step.count) run.counted.add(key);
      if (run.counted.size < step.count) return true;
      run.trail.push(`${hit.what} (${step.count} ${step.link ? 'paths' : 'times'})`);
      run.paths = step.link ? [...run.counted].slice(0, MAX_PATHS) : hit.paths.slice(0, MAX_PATHS);
    } else {
      run.trail.push(hit.what);
      run.paths = hit.paths.slice(0, MAX_PATHS);
    }
    run.counted = new Set();
    run.next++;
    return true;
  }
}
