// Credentials in what an agent sends (command lines, tool arguments, URLs) and in what tools
// send back. A finding says which kinds were found and where, never the secret itself.
import type { Event } from '../events.js';
import type { Severity } from '../vocabulary.js';
import type { Finding } from '../rules/rule-pack.js';
import { argumentValues } from './argument-values.js';
import { detectorFinding, LEAK_IN_ARGUMENTS, LEAK_IN_OUTPUT } from './detector-rules.js';
import { isSecretName, looksRandom } from './entropy.js';
import { findSecrets } from './find-secrets.js';
import { redactText } from './redact.js';
import type { SecretKind } from './secret-patterns.js';

export interface LeakSettings {
  readonly enabled: boolean;
  /** Severity of WD-LEAK-001, a credential in a command line, tool arguments or a URL. */
  readonly argumentsSeverity: Severity;
  /** Severity of WD-LEAK-002, a credential in a tool's result. */
  readonly outputSeverity: Severity;
}

export interface LeakHit {
  readonly kind: SecretKind;
  /** Where, for people: `command line`, `argument headers.Authorization`, `output content.0.text`. */
  readonly where: string;
}

/** Secrets in every decoded value, and random values under secret-looking keys. */
function valueHits(root: unknown, label: string): LeakHit[] {
  const hits: LeakHit[] = [];
  for (const v of argumentValues(root).values) {
    const where = v.path.length > 0 ? `${label} ${v.path.join('.')}` : label;
    for (const s of findSecrets(v.value)) hits.push({ kind: s.kind, where });
    if (v.key !== '' && isSecretName(v.key) && looksRandom(v.value)) hits.push({ kind: 'assigned_secret', where });
  }
  return hits;
}

/** Secrets in the event, and whether they are outgoing (arguments) or incoming (output). */
export function secretsInEvent(event: Event): { readonly direction: 'arguments' | 'output'; readonly hits: readonly LeakHit[] } {
  switch (event.kind) {
    case 'command': return { direction: 'arguments', hits: findSecrets(event.command).map((s) => ({ kind: s.kind, where: 'command line' })) };
    case 'mcp_tool_call': return { direction: 'arguments', hits: valueHits(event.arguments, 'argument') };
    case 'web_request': return { direction: 'arguments', hits: valueHits(event.url, 'URL') };
    case 'tool_result': return { direction: 'output', hits: valueHits(event.content, 'output') };
    case 'file_access':
    case 'tool_description':
      return { direction: 'arguments', hits: [] };
  }
}

const MAX_LISTED = 3;

/** `github_token in argument headers.Authorization; jwt in argument body (and 2 more)`. */
export function describeHits(hits: readonly LeakHit[]): string {
  const unique = [...new Map(hits.map((h) => [`${h.kind} in ${h.where}`, h])).keys()];
  const listed = unique.slice(0, MAX_LISTED).map((t) => (t.length > 120 ? `${t.slice(0, 117)}...` : t)).join('; ');
  const more = unique.length > MAX_LISTED ? ` (and ${unique.length - MAX_LISTED} more)` : '';
  // Key names come from the tool too: never let one carry a secret into a finding.
  return redactText(listed + more);
}

export function leakFindings(event: Event, settings: LeakSettings): Finding[] {
  if (!settings.enabled) return [];
  const { direction, hits } = secretsInEvent(event);
  if (hits.length === 0) return [];
  return direction === 'arguments'
    ? [detectorFinding(LEAK_IN_ARGUMENTS, settings.argumentsSeverity, describeHits(hits))]
    : [detectorFinding(LEAK_IN_OUTPUT, settings.outputSeverity, describeHits(hits))];
}
