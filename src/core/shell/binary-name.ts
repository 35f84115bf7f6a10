/** `/usr/bin/git`, `./git`, `git` → `git`. */
export function binaryName(commandWord: string): string {
  const slash = commandWord.lastIndexOf('/');
  return slash === -1 ? commandWord : commandWord.slice(slash + 1);
}
