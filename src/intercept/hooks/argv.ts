// A command given as an argument vector, as the shell line that runs it.

const PLAIN = /^[\w@%+=:,./-]+$/;

/** Each word quoted for POSIX sh where it needs it, so the shell analysis sees the same words. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((word) => (word !== '' && PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}
