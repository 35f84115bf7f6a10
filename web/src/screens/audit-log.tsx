// The fleet audit log: every evaluated action on every host, newest first, filtered and paged;
// exported in the formats of `warden audit export`.
import { useState } from 'react';
import { api, query as qs } from '../api/client';
import type { AuditEntry } from '../api/types';
import { navigate, useLocation, useTitle } from '../router';
import { Icon } from '../ui/icons';
import { PageHeader } from '../ui/page';
import { EmptyState, QueryView, Spinner } from '../ui/states';
import { useQuery } from '../use-query';
import { AuditFilters, FILTER_KEYS, filtersFrom, type Filters } from './audit-filters';
import { AuditTable } from './audit-table';

const PAGE = 50;
const FORMATS = [
  { value: 'csv', label: 'CSV' },
  { value: 'json', label: 'JSON' },
  { value: 'ndjson', label: 'NDJSON' },
  { value: 'sarif', label: 'SARIF' },
];

export function AuditScreen() {
  useTitle('Audit log');
  const { params } = useLocation();
  const filters = filtersFrom(params);
  const filterQuery = qs(filters);
  const [cursors, setCursors] = useState<{ key: string; stack: string[] }>({ key: filterQuery, stack: [] });
  const stack = cursors.key === filterQuery ? cursors.stack : [];
  const cursor = stack.at(-1) ?? '';
  const page = useQuery(() => api.get<{ entries: AuditEntry[]; nextCursor: string | null }>(`/audit${qs({ ...filters, limit: PAGE, cursor })}`), [filterQuery, cursor]);
  const active = FILTER_KEYS.filter((k) => filters[k]).length;

  const apply = (next: Filters): void => navigate(`/audit${qs(next)}`);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every command and MCP tool call evaluated on every host: what was attempted, the decision, and the rule responsible. Entries are hash-chained and signed on the host."
        actions={
          <div className="row">
            <Icon name="download" size={16} className="muted" />
            {FORMATS.map((f) => (
              <a key={f.value} className="btn btn-secondary btn-sm" href={`/api/v1/audit/export${qs({ ...filters, format: f.value })}`} download>
                {f.label}
              </a>
            ))}
          </div>
        }
      />
      <AuditFilters key={filterQuery} value={filters} onApply={apply} />
      <QueryView state={page.state} onRetry={page.reload}>
        {({ entries, nextCursor }) =>
          entries.length === 0 ? (
            <div className="card">
              <EmptyState icon="audit" title={active ? 'No entries match these filters' : 'No audit entries yet'}>
                {active ? 'Widen the date range or reset the filters.' : 'Entries appear as soon as enrolled hosts upload what their agents attempt.'}
              </EmptyState>
            </div>
          ) : (
            <>
              <div className="table-wrap">
                <AuditTable entries={entries} />
              </div>
              <div className="table-footer">
                <span className="row">
                  {page.refreshing ? <Spinner /> : null}
                  Page {stack.length + 1} · {entries.length} entries{active ? ` · ${active} filter${active === 1 ? '' : 's'} applied` : ''}
                </span>
                <span className="row">
                  <button type="button" className="btn btn-secondary btn-sm" disabled={!stack.length} onClick={() => setCursors({ key: filterQuery, stack: stack.slice(0, -1) })}>
                    Newer
                  </button>
                  <button type="button" className="btn btn-secondary btn-sm" disabled={!nextCursor} onClick={() => nextCursor && setCursors({ key: filterQuery, stack: [...stack, nextCursor] })}>
                    Older
                  </button>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={page.reload}>Refresh</button>
                </span>
              </div>
            </>
          )
        }
      </QueryView>
    </>
  );
}
