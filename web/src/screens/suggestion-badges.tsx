// Badges for Policy Advisor suggestions: status and risk.
import type { SuggestionRisk, SuggestionSummary } from '../api/types';
import { Badge, type Tone } from '../ui/badges';

const riskTone: Record<SuggestionRisk, Tone> = { low: 'success', medium: 'warning', high: 'danger', critical: 'critical' };

export function RiskBadge({ risk }: { readonly risk: SuggestionRisk }) {
  return <Badge tone={riskTone[risk]}>{risk.charAt(0).toUpperCase() + risk.slice(1)} risk</Badge>;
}

export function SuggestionStatusBadge({ s }: { readonly s: Pick<SuggestionSummary, 'status' | 'partiallyApplied'> }) {
  if (s.status === 'pending') return <Badge tone="warning" dot>Pending</Badge>;
  if (s.status === 'applied') return <Badge tone="success" dot>{s.partiallyApplied ? 'Partially applied' : 'Applied'}</Badge>;
  return <Badge dot>Dismissed</Badge>;
}
