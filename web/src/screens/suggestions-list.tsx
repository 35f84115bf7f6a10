// Policy Advisor suggestions: one row per batch of proposed rule changes for a role.
import { useState } from 'react';
import { api, query as qs } from '../api/client';
import type { SuggestionStatus, SuggestionSummary } from '../api/types';
import { Link, useTitle } from '../router';
import { useMe } from '../session';
import { formatAgo, plural } from '../ui/format';
import { PageHeader, Tabs } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useQuery } from '../use-query';
import { AdvisorRunStatus, SCHEDULE_LABELS } from './advisor-settings';
import { RiskBadge, SuggestionStatusBadge } from './suggestion-badges';

type View = SuggestionStatus | 'all';

export function SuggestionsScreen() {
  useTitle('Suggestions');
  const me = useMe();
  const [view, setView] = useState<View>('pending');
  const schedule = me.org.advisor.enabled ? SCHEDULE_LABELS[me.org.advisor.schedule].toLowerCase() : null;
  const list = useQuery(() => api.get<{ suggestions: SuggestionSummary[] }>(`/suggestions${qs({ status: view === 'all' ? '' : view })}`), [view]);

  return (
    <>
      <PageHeader
        title="Suggestions"
        description={<>Least-privilege rules the Policy Advisor proposes from what each role's hosts actually did. {schedule === null ? 'The advisor is off (Settings).' : me.org.advisor.schedule === 'off' ? 'Analysis runs only when asked: here, or from a role’s page with “Suggest rules”.' : `Every role is analysed ${schedule}; a role’s page can also ask with “Suggest rules”.`}</>}
      />
      <div className="advisor-banner">
        <AdvisorRunStatus onRan={list.reload} />
      </div>
      <Tabs<View>
        label="Suggestion status"
        value={view}
        onChange={setView}
        options={[
          { value: 'pending', label: 'Pending' },
          { value: 'applied', label: 'Applied' },
          { value: 'discarded', label: 'Dismissed' },
          { value: 'all', label: 'All' },
        ]}
      />
      <QueryView state={list.state} onRetry={list.reload}>
        {({ suggestions }) =>
          suggestions.length === 0 ? (
            <div className="card">
              <EmptyState icon="roles" title={view === 'pending' ? 'No suggestions to review' : 'Nothing here'}>
                {view === 'pending' ? 'New suggestions appear here after each analysis. Open a policy role and choose “Suggest rules” to analyse its hosts now.' : 'No suggestion has this status yet.'}
              </EmptyState>
            </div>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Role</th>
                    <th>Hosts</th>
                    <th>Changes</th>
                    <th>Confidence</th>
                    <th>Risk</th>
                    <th>Date</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {suggestions.map((s) => (
                    <tr key={s.id} data-suggestion={s.id}>
                      <td><Link to={`/suggestions/${s.id}`} className="cell-title">{s.roleName ?? s.roleId}</Link></td>
                      <td>{s.hostCount}</td>
                      <td className="nowrap">{s.changeCount ? [s.adds ? `+${s.adds} add` : '', s.modifies ? `~${s.modifies} modify` : '', s.removes ? `−${s.removes} remove` : ''].filter(Boolean).join(' ') : 'No changes'}<div className="cell-sub">{plural(s.eventCount, 'event')}</div></td>
                      <td>{s.changeCount ? `${s.confidence}%` : '—'}</td>
                      <td>{s.changeCount ? <RiskBadge risk={s.risk} /> : '—'}</td>
                      <td className="col-time">{formatAgo(s.createdAt)}<div className="cell-sub">{s.origin === 'scheduled' ? 'Scheduled analysis' : 'Asked for'}</div></td>
                      <td><SuggestionStatusBadge s={s} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </>
  );
}
