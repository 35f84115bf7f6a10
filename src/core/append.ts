// Appending one array to another without spreading it into arguments: a spread of a hostile
// command's 100,000 words overflows the call stack.

/** Pushes every item onto `target`, in order. */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
