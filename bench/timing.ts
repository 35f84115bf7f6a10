// Timing loops: each call timed on its own with process.hrtime.bigint, or a batch for throughput.
import { microsBetween, summarise, type Summary } from './stats.js';

export interface TimedRun {
  readonly summary: Summary;
  readonly elapsedMs: number;
}

/**
 * Calls `fn` on the inputs in turn (wrapping around) until `iterations` calls were made or
 * `maxMs` passed, whichever comes first, but at least `minIterations` times. Each call is timed.
 */
export function timeEach<T>(inputs: readonly T[], fn: (input: T) => unknown, o: { iterations: number; minIterations: number; maxMs: number }): TimedRun {
  return timeInputs(inputs, fn, { ...o, repeats: 1 });
}

/**
 * Each input timed `repeats` times in a row, keeping the median of its timings: what the call
 * itself costs, with most of an interrupt's, a scavenge's or a neighbour's share left out (a
 * spike lands in one of the timings, rarely in most). Runs until `iterations` inputs or `maxMs`.
 */
export function timeEachMedian<T>(inputs: readonly T[], fn: (input: T) => unknown, o: { iterations: number; repeats: number; maxMs: number }): TimedRun {
  return timeInputs(inputs, fn, { ...o, minIterations: 0 });
}

/** One sample per input: the median of `repeats` timings of it in a row (the timing itself for 1). */
function timeInputs<T>(inputs: readonly T[], fn: (input: T) => unknown, o: { iterations: number; minIterations: number; maxMs: number; repeats: number }): TimedRun {
  if (inputs.length === 0) throw new Error('nothing to time');
  const samples = new Float64Array(o.iterations);
  const times = new Float64Array(o.repeats);
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(o.maxMs * 1e6));
  let n = 0;
  for (; n < o.iterations; n++) {
    const input = inputs[n % inputs.length]!;
    let t1 = started;
    for (let k = 0; k < o.repeats; k++) {
      const t0 = process.hrtime.bigint();
      fn(input);
      t1 = process.hrtime.bigint();
      times[k] = microsBetween(t0, t1);
    }
    samples[n] = o.repeats === 1 ? times[0]! : times.sort()[o.repeats >> 1]!;
    if (n >= o.minIterations && t1 > deadline) { n++; break; }
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { summary: summarise(samples.subarray(0, n)), elapsedMs };
}

/** Calls per second over at least `minMs`, without per-call timers. */
export function throughput<T>(inputs: readonly T[], fn: (input: T) => unknown, minMs: number): { perSecond: number; calls: number } {
  if (inputs.length === 0) throw new Error('nothing to time');
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(minMs * 1e6));
  let calls = 0;
  let now = started;
  while (now < until) {
    // Check the clock every batch only, so it costs nothing measurable.
    for (let k = 0; k < 64; k++) fn(inputs[calls++ % inputs.length]!);
    now = process.hrtime.bigint();
  }
  return { perSecond: calls / (Number(now - started) / 1e9), calls };
}
