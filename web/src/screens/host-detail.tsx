// One host: status, role (assign another), integrity, latest checkpoint and its recent activity.
import { useState } from 'react';
import { api, query as qs } from '../api/client';
import type { AuditEntry, HostDetail, Role } from '../api/types';
import { Link, navigate, useTitle } from '../router';
import { useMe } from '../session';
import { Badge, ModeBadge, StatusDot } from '../ui/badges';
import { useConfirm } from '../ui/dialog';
import { formatAgo, formatTime } from '../ui/format';
import { Card, Dl, Field, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, Loading, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';
import { AuditTable } from './audit-table';
import { RolePicker } from './role-picker';

export function HostDetailScreen({ id }: { readonly id: string }) {
  const me = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const host = useQuery(() => api.get<HostDetail>(`/hosts/${encodeURIComponent(id)}`), [id]);
  const roles = useQuery(() => api.get<{ roles: Role[] }>('/roles'), []);
  const audit = useQuery(() => api.get<{ entries: AuditEntry[] }>(`/audit${qs({ hostId: id, limit: 25 })}`), [id]);
  const [busy, setBusy] = useState(false);
  const h = host.data;
  useTitle(h?.hostname ?? 'Host');

  if (host.state.kind === 'error' && !h) return <ErrorState error={host.state.error} onRetry={host.reload} />;
  if (!h) return <Loading />;

  const assign = async (roleId: string | null): Promise<void> => {
    setBusy(true);
    try {
      await api.put(`/hosts/${h.id}/role`, { roleId });
      host.reload();
      toast.success(`${h.hostname} gets its new policy now`);
    } catch (e) {
      toast.error(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (): Promise<void> => {
    const ok = await confirm({
      title: `Remove ${h.hostname}?`,
      body: 'Its host token stops working at once; it must enroll again to reconnect. Its audit entries stay.',
      confirm: 'Remove host',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.delete(`/hosts/${h.id}`);
      toast.success(`Removed ${h.hostname}`);
      navigate('/hosts');
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <>
      <PageHeader
        back={{ to: '/hosts', label: 'Hosts' }}
        title={h.hostname}
        badges={
          <>
            <StatusDot online={h.status === 'online'} />
            {h.integrity === 'broken' ? <Badge tone="danger">Integrity broken</Badge> : null}
          </>
        }
        description={`${h.os ?? 'Unknown OS'} · Warden ${h.agentVersion ?? 'unknown version'} · enrolled ${formatAgo(h.enrolledAt)}`}
        actions={me.isAdmin ? <button type="button" className="btn btn-ghost-danger" onClick={() => void remove()}>Remove host</button> : null}
      />
      <div className="grid-2">
        <div className="stack">
          <Card title="Recent activity" description="The latest audit entries this host uploaded." actions={<Link to={`/audit?hostId=${encodeURIComponent(h.id)}`} className="btn btn-secondary btn-sm">Open in audit log</Link>} flush>
            <QueryView state={audit.state} onRetry={audit.reload}>
              {({ entries }) =>
                entries.length ? (
                  <div className="table-wrap"><AuditTable entries={entries} narrow /></div>
                ) : (
                  <EmptyState icon="audit" title="No activity yet">Entries appear here as soon as the host uploads them.</EmptyState>
                )
              }
            </QueryView>
          </Card>
        </div>
        <div className="stack">
          <Card title="Policy">
            <div className="stack">
              <Field label="Assigned role" htmlFor="host-role">
                <RolePicker id="host-role" roles={roles.data?.roles ?? []} value={h.roleId} disabled={!me.isAdmin || busy} onChange={(roleId) => void assign(roleId)} />
              </Field>
              <Dl
                items={[
                  ['Effective role', <Link key="r" to={`/roles/${h.effectiveRole.id}`}>{h.effectiveRole.name}</Link>],
                  ['Mode', <ModeBadge key="m" mode={h.effectiveRole.mode} />],
                  ['Policy etag', <code key="e" className="mono muted">{h.policyEtag.slice(0, 16)}</code>],
                ]}
              />
            </div>
          </Card>
          <Card title="Audit chain">
            <Dl
              items={[
                ['Integrity', h.integrity === 'ok' ? <Badge key="i" tone="success">Verified</Badge> : <Badge key="i" tone="danger">Broken</Badge>],
                ['Entries stored', `through #${h.lastSeq.toLocaleString()}`],
                ['Last checkpoint', h.lastCheckpoint ? `#${h.lastCheckpoint.seq} · ${formatTime(h.lastCheckpoint.time)}` : '—'],
                ['Last seen', formatAgo(h.lastSeenAt)],
                ['Open alerts', h.openAlerts ? <Link key="a" to="/alerts">{h.openAlerts}</Link> : '0'],
              ]}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
