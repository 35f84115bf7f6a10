// The last `/` of a word or path, found with a loop: V8 runs String.prototype.lastIndexOf in C++
// behind a runtime call, and this runs for every path and program name of every command.

const SLASH = 47;

/** Index of the last `/` in `text`, or -1. */
export function lastSlash(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && text.charCodeAt(i) !== SLASH) i--;
  return i;
}
