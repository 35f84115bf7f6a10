// The mode (and on_error) of a policy that does not load: read leniently from its text, so that a
// monitor-mode policy with a mistake in it keeps letting calls through. Null when the text does not say.
import { parse } from 'yaml';
import type { OnError } from '../../intercept/hooks/index.js';
import type { Mode } from '../../core/vocabulary.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface StatedFailSafe {
  readonly mode: Mode | null;
  readonly onError: OnError | null;
}

/** What the default role states about its mode and on_error, each null when not stated or not valid. */
export function failSafeOfPolicyText(text: string): StatedFailSafe {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch {
    return { mode: null, onError: null };
  }
  if (!isRecord(doc) || !Array.isArray(doc.roles)) return { mode: null, onError: null };
  const roles = doc.roles.filter(isRecord);
  const wanted = typeof doc.default_role === 'string' ? doc.default_role : roles[0]?.name;
  const role = roles.find((r) => r.name === wanted);
  return {
    mode: role?.mode === 'monitor' || role?.mode === 'enforce' ? role.mode : null,
    onError: role?.on_error === 'block' || role?.on_error === 'allow' ? role.on_error : null,
  };
}

/**
 * The mode the default role states; null when it states none (a valid policy would then be in
 * monitor mode, but a broken one is not trusted that far) or the text is not YAML at all.
 */
export function modeOfPolicyText(text: string): Mode | null {
  return failSafeOfPolicyText(text).mode;
}
