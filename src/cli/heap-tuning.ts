// One V8 setting every warden process runs with: no allocation-site pretenuring.
//
// V8 watches where objects are allocated; when many objects of one allocation site survive a
// scavenge, it allocates that site's later objects straight in the old generation, which only a
// full mark-compact frees. A decision's objects live for the decision only, but a long command
// line keeps its analysis (~1 MB for a hundred commands) alive for a few milliseconds, so a
// scavenge often lands in the middle of one. When V8 then takes the analysis's sites for
// long-lived, every later decision's objects go to the old generation and mark-compacts follow
// one another. Seen in some runs of the benchmark's long lines one after another: 230–660 µs of
// garbage collection per decision instead of ~30–70 µs, and each decision up to twice as slow.
// Mixed traffic rarely sets it off; nothing measured got slower without it.
import { setFlagsFromString } from 'node:v8';

/** An unknown flag is not an error: V8 only prints one on stderr (a test holds this flag known). */
export const HEAP_FLAG = '--no-allocation-site-pretenuring';

/**
 * Turns pretenuring off for this process. V8 reads the flag at each garbage collection, so it
 * takes effect at once, whatever was allocated before.
 */
export function tuneHeapForDecisions(): void {
  setFlagsFromString(HEAP_FLAG);
}
