// The compiled hook client (native/hook-client, built by `npm run build` into build/bin/warden-hook
// when a C compiler is there). Agents start it in a few milliseconds where Node takes tens, so
// `warden install` writes it into their configs when this package has one.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where the build puts the client, for the CLI whose entry point is `mainJs` (build/src/cli/main.js). */
export const hookClientFile = (mainJs: string): string => resolve(dirname(mainJs), '..', '..', 'bin', 'warden-hook');

/** The client's real path when it is a file this user may run, else null (agents then run the Node command). */
export function hookClientPath(mainJs: string): string | null {
  const file = hookClientFile(mainJs);
  try {
    if (!statSync(file).isFile()) return null;
    accessSync(file, constants.X_OK);
    return realpathSync(file);
  } catch {
    return null;
  }
}
