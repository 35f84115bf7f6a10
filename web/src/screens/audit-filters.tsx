// The audit log's filters, read from and written to the URL so a filtered view can be shared.
import { useState, type FormEvent } from 'react';
import { EVENT_TYPES, OUTCOMES, SEVERITIES } from '../api/types';
import { humanize } from '../ui/format';

export const FILTER_KEYS = ['severity', 'type', 'decision', 'host', 'hostId', 'binary', 'agent', 'session', 'since', 'until'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Record<FilterKey, string>;

export function filtersFrom(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

const RANGES = [
  { value: '', label: 'Any time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'custom', label: 'Custom range…' },
];

const isPreset = (since: string, until: string): boolean => !until && RANGES.some((r) => r.value === since && r.value !== 'custom');

/** datetime-local wants "YYYY-MM-DDTHH:mm" in local time. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const fromLocalInput = (value: string): string => (value ? new Date(value).toISOString() : '');

function toggleIn(list: string, value: string): string {
  const items = list ? list.split(',') : [];
  const next = items.includes(value) ? items.filter((i) => i !== value) : [...items, value];
  return next.join(',');
}

export function AuditFilters({ value, onApply }: { readonly value: Filters; readonly onApply: (filters: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(value);
  const [range, setRange] = useState(isPreset(value.since, value.until) ? value.since : 'custom');
  const set = (patch: Partial<Filters>): void => setDraft({ ...draft, ...patch });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onApply(draft);
  };
  const severities = draft.severity ? draft.severity.split(',') : [];

  return (
    <form className="filters" onSubmit={submit} aria-label="Audit log filters">
      <div className="field filters-wide">
        <span className="field-label" id="severity-label">Severity</span>
        <div className="chips" role="group" aria-labelledby="severity-label">
          {SEVERITIES.map((s) => (
            <button key={s} type="button" className="chip" aria-pressed={severities.includes(s)} onClick={() => set({ severity: toggleIn(draft.severity, s) })}>
              {humanize(s)}
            </button>
          ))}
        </div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="f-type">Event type</label>
        <select id="f-type" className="select select-sm" value={draft.type} onChange={(e) => set({ type: e.target.value })}>
          <option value="">All types</option>
          {EVENT_TYPES.map((t) => <option key={t} value={t}>{humanize(t)}</option>)}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="f-decision">Decision</label>
        <select id="f-decision" className="select select-sm" value={draft.decision} onChange={(e) => set({ decision: e.target.value })}>
          <option value="">All decisions</option>
          {OUTCOMES.map((o) => <option key={o} value={o}>{humanize(o)}</option>)}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="f-host">Hostname</label>
        <input id="f-host" className="input input-sm" placeholder="dev-laptop-1" value={draft.host} onChange={(e) => set({ host: e.target.value })} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="f-binary">Binary</label>
        <input id="f-binary" className="input input-sm" placeholder="git, kubectl" value={draft.binary} onChange={(e) => set({ binary: e.target.value })} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="f-agent">Agent</label>
        <input id="f-agent" className="input input-sm" placeholder="claude-code" value={draft.agent} onChange={(e) => set({ agent: e.target.value })} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="f-range">Date range</label>
        <select
          id="f-range"
          className="select select-sm"
          value={range}
          onChange={(e) => {
            setRange(e.target.value);
            if (e.target.value !== 'custom') set({ since: e.target.value, until: '' });
          }}
        >
          {RANGES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
        </select>
      </div>
      {range === 'custom' ? (
        <>
          <div className="field">
            <label className="field-label" htmlFor="f-since">From</label>
            <input id="f-since" className="input input-sm" type="datetime-local" value={toLocalInput(draft.since)} onChange={(e) => set({ since: fromLocalInput(e.target.value) })} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="f-until">Until</label>
            <input id="f-until" className="input input-sm" type="datetime-local" value={toLocalInput(draft.until)} onChange={(e) => set({ until: fromLocalInput(e.target.value) })} />
          </div>
        </>
      ) : null}
      <div className="field filters-wide">
        <div className="row">
          {draft.hostId || draft.session ? (
            <span className="muted">
              Also narrowed to {draft.hostId ? 'one host' : ''}{draft.hostId && draft.session ? ' and ' : ''}{draft.session ? 'one session' : ''}.{' '}
            </span>
          ) : null}
          <span className="spacer" />
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => {
              const empty = Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Filters;
              setDraft(empty);
              setRange('');
              onApply(empty);
            }}
          >
            Reset
          </button>
          <button type="submit" className="btn btn-primary btn-sm">Apply filters</button>
        </div>
      </div>
    </form>
  );
}
