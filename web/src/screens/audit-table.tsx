// Audit entries as a table: time, host, agent, binary, command, decision, rule, severity;
// a row opens to show the whole entry.
import { Fragment, useState } from 'react';
import type { AuditEntry } from '../api/types';
import { Link } from '../router';
import { OutcomeBadge, SeverityBadge, VerdictBadge } from '../ui/badges';
import { formatTime, humanize } from '../ui/format';
import { Dl } from '../ui/page';

function EntryDetail({ entry }: { readonly entry: AuditEntry }) {
  return (
    <div className="entry-detail-body">
      <div>
        <h4>Decision</h4>
        <Dl
          items={[
            ['Verdict', <VerdictBadge key="v" verdict={entry.verdict} />],
            ['Outcome', <OutcomeBadge key="o" outcome={entry.outcome} />],
            ['Reason', entry.reason || '—'],
            ['Rule', entry.rule ? <code className="code-inline">{entry.rule}</code> : '—'],
            ['Role', entry.role ? `${entry.role}${entry.mode ? ` (${entry.mode})` : ''}` : '—'],
            ['Latency', entry.latencyMs !== null ? `${entry.latencyMs.toFixed(2)} ms` : '—'],
          ]}
        />
        {entry.findings.length ? (
          <>
            <h4>Findings</h4>
            <ul className="findings">
              {entry.findings.map((f, i) => (
                <li key={i}>
                  <SeverityBadge severity={f.severity} />
                  <code className="code-inline">{f.rule}</code>
                  {f.title}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <div>
        <h4>Context</h4>
        <Dl
          items={[
            ['Type', humanize(entry.type)],
            ['Session', entry.session ? <Link key="s" to={`/sessions/${encodeURIComponent(entry.session)}?hostId=${encodeURIComponent(entry.hostId)}`}>{entry.session}</Link> : '—'],
            ['Tool', entry.tool ?? '—'],
            ['Working dir', entry.cwd ? <code className="code-inline">{entry.cwd}</code> : '—'],
            ['Sequence', `#${entry.seq}`],
            ['Hash', <code key="h" className="mono muted">{entry.hash.slice(0, 24)}…</code>],
          ]}
        />
        {entry.arguments !== null && entry.arguments !== undefined ? (
          <>
            <h4>Arguments</h4>
            <pre className="code-block">{JSON.stringify(entry.arguments, null, 2)}</pre>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** `narrow` (a host's own page) keeps time, command, decision and severity. */
export function AuditTable({ entries, narrow = false }: { readonly entries: readonly AuditEntry[]; readonly narrow?: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  const columns = narrow ? 4 : 8;
  const wide = !narrow;
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th>Time</th>
          {wide ? <th>Host</th> : null}
          {wide ? <th>Agent</th> : null}
          {wide ? <th>Binary</th> : null}
          <th>Command / tool</th>
          <th>Decision</th>
          {wide ? <th>Rule</th> : null}
          <th>Severity</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const isOpen = open === e.id;
          return (
            <Fragment key={e.id}>
              <tr
                className={isOpen ? 'row-clickable row-selected' : 'row-clickable'}
                data-entry={e.id}
                data-outcome={e.outcome}
                tabIndex={0}
                aria-expanded={isOpen}
                onClick={() => setOpen(isOpen ? null : e.id)}
                onKeyDown={(k) => {
                  if (k.key === 'Enter' || k.key === ' ') {
                    k.preventDefault();
                    setOpen(isOpen ? null : e.id);
                  }
                }}
              >
                <td className="col-time">{formatTime(e.time)}</td>
                {wide ? (
                  <td className="nowrap">
                    <Link to={`/hosts/${e.hostId}`} onClick={(ev) => ev.stopPropagation()}>{e.host ?? e.hostId}</Link>
                  </td>
                ) : null}
                {wide ? <td className="muted nowrap">{e.agent ?? '—'}</td> : null}
                {wide ? <td className="nowrap">{e.binary ? <code className="code-inline">{e.binary}</code> : <span className="muted">—</span>}</td> : null}
                <td><div className="cell-code" title={e.subject}>{e.subject}</div></td>
                <td><OutcomeBadge outcome={e.outcome} /></td>
                {wide ? <td className="muted"><div className="rule-cell" title={e.rule ?? undefined}>{e.rule ?? '—'}</div></td> : null}
                <td><SeverityBadge severity={e.severity} /></td>
              </tr>
              {isOpen ? (
                <tr className="entry-detail">
                  <td colSpan={columns}>
                    <EntryDetail entry={e} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
