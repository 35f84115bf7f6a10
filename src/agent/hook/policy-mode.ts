// The mode of a policy that does not load: read leniently from its text, so that a monitor-mode
// policy with a mistake in it keeps letting calls through. Null when the text does not say.
import { parse } from 'yaml';
import type { Mode } from '../../core/vocabulary.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The mode the default role states; null when it states none (a valid policy would then be in
 * monitor mode, but a broken one is not trusted that far) or the text is not YAML at all.
 */
export function modeOfPolicyText(text: string): Mode | null {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch {
    return null;
  }
  if (!isRecord(doc) || !Array.isArray(doc.roles)) return null;
  const roles = doc.roles.filter(isRecord);
  const wanted = typeof doc.default_role === 'string' ? doc.default_role : roles[0]?.name;
  const role = roles.find((r) => r.name === wanted);
  return role?.mode === 'monitor' || role?.mode === 'enforce' ? role.mode : null;
}
