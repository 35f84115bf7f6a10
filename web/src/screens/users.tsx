// Users of the organization: admins change everything, viewers read.
import { useState } from 'react';
import { api, messageOf } from '../api/client';
import type { User } from '../api/types';
import { useTitle } from '../router';
import { useMe } from '../session';
import { Badge } from '../ui/badges';
import { Modal, useConfirm } from '../ui/dialog';
import { formatAgo } from '../ui/format';
import { Icon } from '../ui/icons';
import { Field, PageHeader } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';

function AddUserDialog({ onClose, onAdded }: { readonly onClose: () => void; readonly onAdded: () => void }) {
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<User['role']>('viewer');
  const [error, setError] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    setError(null);
    try {
      const user = await api.post<User>('/users', { email: email.trim(), password, role });
      toast.success(`Added ${user.email}`);
      onAdded();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Modal
      open
      title="Add a user"
      onClose={onClose}
      onSubmit={() => void save()}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn btn-primary" disabled={!email.trim() || password.length < 12}>Add user</button>
        </>
      }
    >
      {error ? <div className="form-error" role="alert">{error}</div> : null}
      <Field label="Email" htmlFor="user-email">
        <input id="user-email" className="input" type="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label="Initial password" hint="At least 12 characters. Share it over a safe channel." htmlFor="user-password">
        <input id="user-password" className="input" type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <Field label="Role" htmlFor="user-role">
        <select id="user-role" className="select" value={role} onChange={(e) => setRole(e.target.value as User['role'])}>
          <option value="viewer">Viewer — read only</option>
          <option value="admin">Administrator — read and change everything</option>
        </select>
      </Field>
    </Modal>
  );
}

export function UsersScreen() {
  useTitle('Users');
  const me = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const users = useQuery(() => api.get<{ users: User[] }>('/users'), []);
  const [adding, setAdding] = useState(false);

  const remove = async (u: User): Promise<void> => {
    const ok = await confirm({ title: `Remove ${u.email}?`, body: 'Their sessions end at once and they can no longer sign in.', confirm: 'Remove user', danger: true });
    if (!ok) return;
    try {
      await api.delete(`/users/${u.id}`);
      toast.success(`Removed ${u.email}`);
      users.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to this organization's control plane."
        actions={<button type="button" className="btn btn-primary" onClick={() => setAdding(true)}><Icon name="plus" size={16} />Add user</button>}
      />
      <QueryView state={users.state} onRetry={users.reload}>
        {({ users: list }) =>
          list.length === 0 ? (
            <div className="card"><EmptyState icon="users" title="No users" /></div>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Email</th>
                    <th>Role</th>
                    <th>Added</th>
                    <th className="col-actions"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((u) => (
                    <tr key={u.id}>
                      <td>
                        <span className="cell-title">{u.email}</span>
                        {u.id === me.user.id ? <span className="muted"> · you</span> : null}
                      </td>
                      <td>{u.role === 'admin' ? <Badge tone="accent">Administrator</Badge> : <Badge>Viewer</Badge>}</td>
                      <td className="col-time">{formatAgo(u.createdAt)}</td>
                      <td className="col-actions">
                        <button type="button" className="btn btn-ghost-danger btn-sm" disabled={u.id === me.user.id} title={u.id === me.user.id ? 'You cannot remove yourself' : undefined} onClick={() => void remove(u)}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {adding ? <AddUserDialog onClose={() => setAdding(false)} onAdded={() => { setAdding(false); users.reload(); }} /> : null}
    </>
  );
}
