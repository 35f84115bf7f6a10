// Hosts: every enrolled machine, its role and mode, status and integrity; assign a role to one
// or many at once.
import { useMemo, useState } from 'react';
import { api, query as qs } from '../api/client';
import type { Host, Role } from '../api/types';
import { Link, navigate, useLocation, useTitle } from '../router';
import { useMe } from '../session';
import { Badge, ModeBadge, StatusDot } from '../ui/badges';
import { Modal } from '../ui/dialog';
import { formatAgo, plural } from '../ui/format';
import { Icon } from '../ui/icons';
import { Field, PageHeader } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';
import { RolePicker } from './role-picker';

export function HostsScreen() {
  useTitle('Hosts');
  const me = useMe();
  const toast = useToast();
  const { params } = useLocation();
  const roleId = params.get('roleId') ?? '';
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const hosts = useQuery(() => api.get<{ hosts: Host[] }>(`/hosts${qs({ roleId, q })}`), [roleId, q]);
  const roles = useQuery(() => api.get<{ roles: Role[] }>('/roles'), []);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [assigning, setAssigning] = useState(false);
  const [target, setTarget] = useState<string | null>(null);
  const roleList = roles.data?.roles ?? [];
  const filterRole = roleList.find((r) => r.id === roleId);

  const list = hosts.data?.hosts ?? [];
  const visibleIds = useMemo(() => new Set(list.map((h) => h.id)), [list]);
  const chosen = [...selected].filter((id) => visibleIds.has(id));
  const allChosen = list.length > 0 && chosen.length === list.length;

  const setFilter = (next: { roleId?: string; q?: string }): void => {
    navigate(`/hosts${qs({ roleId: next.roleId ?? roleId, q: next.q ?? q })}`, { replace: true });
  };

  const toggle = (id: string): void => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const assign = async (): Promise<void> => {
    try {
      const { updated } = await api.post<{ updated: number }>('/hosts/assign-role', { hostIds: chosen, roleId: target });
      const name = target ? roleList.find((r) => r.id === target)?.name : 'the organization default';
      toast.success(`${plural(updated, 'host')} now run ${name ?? 'the role'}`);
      setAssigning(false);
      setSelected(new Set());
      hosts.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <>
      <PageHeader
        title="Hosts"
        description="Machines running the Warden daemon, enrolled in your organization. Each runs one policy role; hosts without their own get the organization default."
        actions={me.isAdmin ? (
          <Link to="/settings#enrollment" className="btn btn-secondary">
            <Icon name="key" size={16} />
            Enroll a host
          </Link>
        ) : null}
      />
      <div className="toolbar">
        <form
          className="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter({ q: search.trim() });
          }}
        >
          <Icon name="search" size={15} />
          <label className="sr-only" htmlFor="host-search">Search hostnames</label>
          <input id="host-search" className="input" placeholder="Search hostnames" value={search} onChange={(e) => setSearch(e.target.value)} onBlur={() => search.trim() !== q && setFilter({ q: search.trim() })} />
        </form>
        <div className="field">
          <label className="sr-only" htmlFor="host-role-filter">Role</label>
          <select id="host-role-filter" className="select" value={roleId} onChange={(e) => setFilter({ roleId: e.target.value })}>
            <option value="">All roles</option>
            {roleList.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </div>
        {roleId || q ? (
          <button type="button" className="btn btn-ghost" onClick={() => { setSearch(''); navigate('/hosts', { replace: true }); }}>
            Clear filters
          </button>
        ) : null}
      </div>

      {chosen.length && me.isAdmin ? (
        <div className="bulk-bar">
          <span>{plural(chosen.length, 'host')} selected</span>
          <span className="spacer" />
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setSelected(new Set())}>Clear</button>
          <button type="button" className="btn btn-primary btn-sm" onClick={() => { setTarget(null); setAssigning(true); }}>Assign role…</button>
        </div>
      ) : null}

      <QueryView state={hosts.state} onRetry={hosts.reload}>
        {() =>
          list.length === 0 ? (
            <div className="card">
              {roleId || q ? (
                <EmptyState icon="hosts" title="No hosts match">
                  {filterRole ? `No host runs ${filterRole.name}.` : 'Try another search.'}
                </EmptyState>
              ) : (
                <EmptyState icon="hosts" title="No hosts enrolled yet" action={me.isAdmin ? <Link to="/settings#enrollment" className="btn btn-primary">Create an enrollment token</Link> : undefined}>
                  Create an enrollment token, then run <code className="code-inline">warden install --server URL --token T</code> on each machine.
                </EmptyState>
              )}
            </div>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    {me.isAdmin ? (
                      <th className="col-check">
                        <input type="checkbox" className="checkbox" aria-label="Select all hosts" checked={allChosen} onChange={() => setSelected(allChosen ? new Set() : new Set(list.map((h) => h.id)))} />
                      </th>
                    ) : null}
                    <th>Hostname</th>
                    <th>Status</th>
                    <th>Role</th>
                    <th>Mode</th>
                    <th>Integrity</th>
                    <th>Agent</th>
                    <th>Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((h) => (
                    <tr key={h.id} className={selected.has(h.id) ? 'row-selected' : undefined} data-host={h.hostname}>
                      {me.isAdmin ? (
                        <td className="col-check">
                          <input type="checkbox" className="checkbox" aria-label={`Select ${h.hostname}`} checked={selected.has(h.id)} onChange={() => toggle(h.id)} />
                        </td>
                      ) : null}
                      <td>
                        <Link to={`/hosts/${h.id}`} className="cell-title">{h.hostname}</Link>
                        <div className="cell-sub">{h.os ?? 'unknown OS'}</div>
                      </td>
                      <td><StatusDot online={h.status === 'online'} /></td>
                      <td>
                        <Link to={`/roles/${h.effectiveRole.id}`}>{h.effectiveRole.name}</Link>
                        {h.roleId === null ? <span className="muted"> · default</span> : null}
                      </td>
                      <td><ModeBadge mode={h.effectiveRole.mode} /></td>
                      <td>{h.integrity === 'ok' ? <Badge tone="success">Verified</Badge> : <Badge tone="danger">Broken</Badge>}</td>
                      <td className="muted nowrap">{h.agentVersion ?? '—'}</td>
                      <td className="col-time">{formatAgo(h.lastSeenAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>

      <Modal
        open={assigning}
        title={`Assign a role to ${plural(chosen.length, 'host')}`}
        onClose={() => setAssigning(false)}
        onSubmit={() => void assign()}
        footer={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => setAssigning(false)}>Cancel</button>
            <button type="submit" className="btn btn-primary">Assign role</button>
          </>
        }
      >
        <Field label="Role" hint="The hosts fetch their new policy within seconds." htmlFor="bulk-role">
          <RolePicker id="bulk-role" roles={roleList} value={target} onChange={setTarget} />
        </Field>
      </Modal>
    </>
  );
}
