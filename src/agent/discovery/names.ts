// A name the control plane accepts (docs/api.md, POST /host/discoveries): a blocked name becomes
// the MCP rule `<name>/*`, so slashes, glob characters, control characters and leading spaces
// become `-`.
const BAD = /[/*?[\]{}\p{Cc}]/gu;
const MAX = 200;

/** The name to report, or null when nothing usable is left. */
export function reportName(name: string): string | null {
  const cleaned = name.replace(BAD, '-').replace(/^\s+/, '').slice(0, MAX).replace(/\s+$/, '');
  return cleaned === '' || /^-+$/.test(cleaned) ? null : cleaned;
}
