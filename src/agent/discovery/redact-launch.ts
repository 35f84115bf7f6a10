// What a server starts, as shown to a person: credentials in its arguments or its URL replaced by
// `[REDACTED:<kind>]` (the findings say they were there).
import { isPlaceholder, isSecretName, redactionMarker } from '../../core/detect/entropy.js';
import { redactText } from '../../core/detect/redact.js';
import type { Launch } from './types.js';

export function redactLaunch(launch: Launch): Launch {
  switch (launch.kind) {
    case 'stdio': {
      const args = launch.args.map((a, i) => {
        const before = i > 0 ? launch.args[i - 1]! : '';
        return /^-/.test(before) && !before.includes('=') && isSecretName(before) && !isPlaceholder(a) ? redactionMarker('assigned_secret') : redactText(a);
      });
      return { ...launch, command: redactText(launch.command), args };
    }
    case 'remote': {
      let url = redactText(launch.url);
      try {
        const parsed = new URL(url);
        if (parsed.password !== '') {
          parsed.password = 'REDACTED';
          url = parsed.href;
        }
      } catch {
        // Not a URL: the text redaction stands.
      }
      return { kind: 'remote', url };
    }
    case 'plugin':
      return launch;
  }
}
