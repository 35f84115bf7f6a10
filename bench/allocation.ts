// Bytes allocated per call, from the heap's growth over short runs of calls with no garbage
// collection in them (a collection seen by a PerformanceObserver voids its run). What a call
// allocates sets how often the young generation fills: the daemon runs with a 1 MB one, so at
// 40 KB a decision about one decision in 25 pays for a scavenge.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

const RUN = 16;

/** Median bytes allocated per call of `fn` over runs of RUN inputs; null when every run saw a collection. */
export async function bytesPerCall<T>(inputs: readonly T[], fn: (input: T) => unknown, runs = 200): Promise<number | null> {
  const collections: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) collections.push([e.startTime, e.startTime + e.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  // What reading the heap's size allocates itself, taken off each run.
  const base = getHeapStatistics().used_heap_size;
  const overhead = getHeapStatistics().used_heap_size - base;
  const measured: { from: number; to: number; bytes: number }[] = [];
  let next = 0;
  for (let r = 0; r < runs; r++) {
    const from = performance.now();
    const before = getHeapStatistics().used_heap_size;
    for (let k = 0; k < RUN; k++) fn(inputs[next++ % inputs.length]!);
    const after = getHeapStatistics().used_heap_size;
    measured.push({ from, to: performance.now(), bytes: (after - before - overhead) / RUN });
  }
  // GC entries arrive on a later turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const clean = measured.filter((m) => m.bytes > 0 && !collections.some(([s, e]) => s < m.to && e > m.from)).map((m) => m.bytes).sort((a, b) => a - b);
  return clean.length === 0 ? null : clean[Math.floor(clean.length / 2)]!;
}
