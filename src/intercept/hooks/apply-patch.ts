// The files a Codex `apply_patch` call touches, read off its patch text.

/**
 * `*** Add File: p`, `*** Update File: p`, `*** Delete File: p` and `*** Move to: p`, in order, once
 * each. Spacing is read loosely (Codex's own parser trims lines), so odd whitespace hides nothing.
 */
export function patchPaths(patch: string): string[] {
  const paths: string[] = [];
  for (const line of patch.split(/\r?\n|\r/)) {
    const m = /^\s*\*\*\*\s*(?:(?:Add|Update|Delete)\s+File|Move\s+to)\s*:\s*(.*?)\s*$/.exec(line);
    if (m?.[1]) paths.push(m[1]);
  }
  return [...new Set(paths)];
}
