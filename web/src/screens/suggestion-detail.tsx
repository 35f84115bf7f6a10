// One Policy Advisor suggestion: every proposed rule with its confidence, risk and reasoning;
// an admin picks the changes to apply to the role, or discards the suggestion.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Role, Suggestion } from '../api/types';
import { Link, useTitle } from '../router';
import { useMe } from '../session';
import { ActionBadge, Badge } from '../ui/badges';
import { useConfirm } from '../ui/dialog';
import { formatAgo, formatTime, plural } from '../ui/format';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';
import { RiskBadge, SuggestionStatusBadge } from './suggestion-badges';

const OP_BADGE = { add: { tone: 'success', text: '+ add' }, remove: { tone: 'danger', text: '− remove' }, modify: { tone: 'warning', text: '~ modify' } } as const;

function OpBadge({ op }: { readonly op: Suggestion['changes'][number]['op'] }) {
  return <Badge tone={OP_BADGE[op].tone}>{OP_BADGE[op].text}</Badge>;
}

export function SuggestionDetailScreen({ id }: { readonly id: string }) {
  useTitle('Suggestion');
  const suggestion = useQuery(() => api.get<Suggestion>(`/suggestions/${encodeURIComponent(id)}`), [id]);
  return (
    <QueryView state={suggestion.state} onRetry={suggestion.reload}>
      {(s) => <SuggestionView s={s} reload={suggestion.reload} />}
    </QueryView>
  );
}

function SuggestionView({ s, reload }: { readonly s: Suggestion; readonly reload: () => void }) {
  const me = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const [picked, setPicked] = useState<ReadonlySet<number>>(() => new Set(s.changes.map((_, i) => i)));
  const [busy, setBusy] = useState(false);
  useEffect(() => setPicked(new Set(s.changes.map((_, i) => i))), [s]);
  const editable = me.isAdmin && s.status === 'pending';

  const toggle = (i: number): void => {
    const next = new Set(picked);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    setPicked(next);
  };

  const apply = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await api.post<{ role: Role; skipped: readonly { change: number; reason: string }[] }>(`/suggestions/${s.id}/apply`, { changes: [...picked].sort((a, b) => a - b) });
      const skipped = r.skipped.length ? `; skipped ${r.skipped.map((k) => `change ${k.change + 1} (${k.reason})`).join(', ')}` : '';
      toast.success(`Applied ${plural(picked.size - r.skipped.length, 'change')} to ${r.role.name} (version ${r.role.version}); hosts receive it within seconds${skipped}`);
      reload();
    } catch (e) {
      toast.error(e);
    } finally {
      setBusy(false);
    }
  };

  const discard = async (): Promise<void> => {
    const ok = await confirm({ title: 'Discard this suggestion?', body: 'The role stays as it is. The suggestion is kept as dismissed.', confirm: 'Discard' });
    if (!ok) return;
    try {
      await api.post(`/suggestions/${s.id}/discard`);
      toast.success('Suggestion dismissed');
      reload();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <>
      <PageHeader
        back={{ to: '/suggestions', label: 'Suggestions' }}
        title={<>Suggestion for {s.roleName ?? s.roleId}</>}
        badges={<SuggestionStatusBadge s={s} />}
        description={<>From {plural(s.eventCount, 'event')} on {plural(s.hostCount, 'host')}, {formatTime(s.window.since)} to {formatTime(s.window.until)}. Generated {formatAgo(s.createdAt)}{s.origin === 'scheduled' ? ' by a scheduled analysis' : ''}. <Link to={`/roles/${s.roleId}`}>Open the role</Link></>}
        actions={editable ? (
          <>
            <button type="button" className="btn btn-ghost" onClick={() => void discard()}>Discard</button>
            {s.changes.length ? (
              <button type="button" className="btn btn-primary" disabled={busy || picked.size === 0} onClick={() => void apply()}>Apply selected ({picked.size})</button>
            ) : null}
          </>
        ) : null}
      />
      <Card title="Proposed changes" description={`${s.evidence} Added deny and ask rules go to the top of the role's rules, added allow rules before any catch-all rule; removed and modified rules change in place (old → new). A rule changed in the role since is skipped.`} flush>
        {s.changes.length === 0 ? (
          <EmptyState icon="check" title="Nothing to change">The role already decides everything its hosts did in this window, or there was too little activity to suggest anything.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  {editable ? <th><span className="sr-only">Apply</span></th> : null}
                  <th>Change</th>
                  <th>Rule</th>
                  <th>Action</th>
                  <th>Confidence</th>
                  <th>Risk</th>
                  <th>Reasoning</th>
                </tr>
              </thead>
              <tbody>
                {s.changes.map((c, i) => (
                  <tr key={i} data-change={c.rule} data-op={c.op}>
                    {editable ? (
                      <td><input type="checkbox" aria-label={`Apply ${c.action} ${c.rule}`} checked={picked.has(i)} onChange={() => toggle(i)} /></td>
                    ) : null}
                    <td>
                      <OpBadge op={c.op} />
                      {s.applied?.includes(i) ? <div className="cell-sub">applied</div> : null}
                    </td>
                    <td className="nowrap">
                      {c.op === 'modify' && c.target && c.target.rule !== c.rule ? <div><del><code>{c.target.rule}</code></del> → </div> : null}
                      {c.op === 'remove' ? <del><code>{c.rule}</code></del> : <code>{c.rule}</code>}
                      <div className="cell-sub">{c.kind === 'mcp' ? 'MCP tool' : 'Command'}{c.target ? ` · rule ${c.target.index + 1} of the role` : ''}</div>
                    </td>
                    <td className="nowrap">
                      {c.op === 'modify' && c.target ? <><ActionBadge action={c.target.action} /> → </> : null}
                      {c.op === 'remove' ? <><ActionBadge action={c.action} /> → <span className="cell-sub">removed</span></> : <ActionBadge action={c.action} />}
                    </td>
                    <td>{c.confidence}%</td>
                    <td><RiskBadge risk={c.risk} /></td>
                    <td className="cell-sub">{c.reasoning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
