// Policy roles: name, description, hosts, mode, status; create, clone, edit, delete.
import { useState } from 'react';
import { api, messageOf } from '../api/client';
import type { Role } from '../api/types';
import { Link, navigate, useTitle } from '../router';
import { useMe } from '../session';
import { Badge, ModeBadge } from '../ui/badges';
import { Modal, useConfirm } from '../ui/dialog';
import { formatAgo, plural } from '../ui/format';
import { Icon } from '../ui/icons';
import { Field, PageHeader } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';

const NAME_HINT = 'Letters, digits and . _ - (no spaces).';

function RoleNameDialog({ title, submitLabel, initial, onClose, onSubmit }: {
  readonly title: string;
  readonly submitLabel: string;
  readonly initial: { name: string; description: string };
  readonly onClose: () => void;
  readonly onSubmit: (name: string, description: string) => Promise<void>;
}) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim(), description.trim());
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>{submitLabel}</button>
        </>
      }
    >
      {error ? <div className="form-error" role="alert">{error}</div> : null}
      <Field label="Name" hint={NAME_HINT} htmlFor="role-name">
        <input id="role-name" className="input" required autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="backend-developer" />
      </Field>
      <Field label="Description" htmlFor="role-description">
        <textarea id="role-description" className="textarea" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Production engineer — read-only infra commands" />
      </Field>
    </Modal>
  );
}

export function RolesScreen() {
  useTitle('Policy roles');
  const me = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const query = useQuery(() => api.get<{ roles: Role[] }>('/roles'), []);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'clone'; role: Role } | null>(null);

  const remove = async (role: Role): Promise<void> => {
    const ok = await confirm({
      title: `Delete ${role.name}?`,
      body: role.hostCount
        ? `${plural(role.hostCount, 'host')} will fall back to the organization default role. This cannot be undone.`
        : 'No host runs this role. This cannot be undone.',
      confirm: 'Delete role',
      danger: true,
    });
    if (!ok) return;
    try {
      const result = await api.delete<{ hostsReassigned: number }>(`/roles/${role.id}`);
      toast.success(result.hostsReassigned ? `Deleted ${role.name}; ${plural(result.hostsReassigned, 'host')} moved to the default role` : `Deleted ${role.name}`);
      query.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <>
      <PageHeader
        title="Policy roles"
        description="Named enforcement profiles: what AI agents may run and which MCP tools they may call on every host a role is assigned to. Changes reach hosts within seconds."
        actions={me.isAdmin ? (
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
            <Icon name="plus" size={16} />
            New role
          </button>
        ) : null}
      />
      <QueryView state={query.state} onRetry={query.reload}>
        {({ roles }) =>
          roles.length === 0 ? (
            <div className="card">
              <EmptyState icon="roles" title="No policy roles yet" action={me.isAdmin ? <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>Create a role</button> : undefined}>
                Create a role, start it in Monitor mode, and switch it to Enforce once its rules are right.
              </EmptyState>
            </div>
          ) : (
            <div className="table-wrap">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Description</th>
                    <th className="col-num">Hosts</th>
                    <th>Mode</th>
                    <th>Status</th>
                    <th>Rules</th>
                    <th>Updated</th>
                    <th className="col-actions"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {roles.map((role) => (
                    <tr key={role.id} data-role={role.name}>
                      <td>
                        <div className="row">
                          <Link to={`/roles/${role.id}`} className="cell-title">{role.name}</Link>
                          {role.isDefault ? <Badge tone="neutral">Default</Badge> : null}
                        </div>
                      </td>
                      <td className="muted col-desc"><span className="truncate" title={role.description}>{role.description || '—'}</span></td>
                      <td className="col-num">
                        <Link to={`/hosts?roleId=${encodeURIComponent(role.id)}`}>{role.hostCount}</Link>
                      </td>
                      <td><ModeBadge mode={role.mode} /></td>
                      <td>{role.status === 'active' ? <Badge tone="success">Active</Badge> : <Badge tone="neutral">Draft</Badge>}</td>
                      <td className="muted nowrap">{plural(role.commands.length, 'command')} · {role.mcp.length} MCP</td>
                      <td className="col-time">{formatAgo(role.updatedAt)}</td>
                      <td className="col-actions">
                        <div className="row-actions">
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => navigate(`/roles/${role.id}`)}>{me.isAdmin ? 'Edit' : 'View'}</button>
                          {me.isAdmin ? (
                            <>
                              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setDialog({ kind: 'clone', role })}>Clone</button>
                              <button type="button" className="btn btn-ghost-danger btn-sm" disabled={role.isDefault} title={role.isDefault ? 'The default role cannot be deleted' : undefined} onClick={() => void remove(role)}>Delete</button>
                            </>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {dialog?.kind === 'create' ? (
        <RoleNameDialog
          title="New policy role"
          submitLabel="Create role"
          initial={{ name: '', description: '' }}
          onClose={() => setDialog(null)}
          onSubmit={async (name, description) => {
            const role = await api.post<Role>('/roles', { name, description, mode: 'monitor' });
            toast.success(`Created ${role.name} in Monitor mode`);
            navigate(`/roles/${role.id}`);
          }}
        />
      ) : null}
      {dialog?.kind === 'clone' ? (
        <RoleNameDialog
          title={`Clone ${dialog.role.name}`}
          submitLabel="Clone role"
          initial={{ name: `${dialog.role.name}-copy`, description: dialog.role.description }}
          onClose={() => setDialog(null)}
          onSubmit={async (name, description) => {
            const role = await api.post<Role>(`/roles/${dialog.role.id}/clone`, { name, description });
            toast.success(`Cloned into ${role.name}; the clone starts in Monitor mode`);
            setDialog(null);
            query.reload();
          }}
        />
      ) : null}
    </>
  );
}
