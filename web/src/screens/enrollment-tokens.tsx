// Enrollment tokens: create one (shown once, with the install command), list, revoke.
import { useState } from 'react';
import { api } from '../api/client';
import type { EnrollmentToken, Role } from '../api/types';
import { useConfirm, Modal } from '../ui/dialog';
import { Badge } from '../ui/badges';
import { formatAgo } from '../ui/format';
import { Icon } from '../ui/icons';
import { Card, Field } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';
import { RolePicker } from './role-picker';

const EXPIRIES = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
  { seconds: 365 * 86_400, label: '1 year' },
];

export const installCommand = (token: string): string => `warden install --server ${window.location.origin} --token ${token}`;

function tokenState(t: EnrollmentToken): { label: string; tone: 'success' | 'neutral' | 'danger' } {
  if (t.revokedAt) return { label: 'Revoked', tone: 'danger' };
  if (new Date(t.expiresAt).getTime() <= Date.now()) return { label: 'Expired', tone: 'neutral' };
  return { label: 'Active', tone: 'success' };
}

function CopyButton({ text }: { readonly text: string }) {
  const toast = useToast();
  return (
    <button
      type="button"
      className="btn btn-secondary"
      onClick={() => {
        navigator.clipboard.writeText(text).then(() => toast.success('Copied to the clipboard'), () => toast.info('Select the text and copy it'));
      }}
    >
      <Icon name="copy" size={16} />
      Copy
    </button>
  );
}

export function EnrollmentTokens() {
  const toast = useToast();
  const confirm = useConfirm();
  const tokens = useQuery(() => api.get<{ tokens: EnrollmentToken[] }>('/enrollment-tokens'), []);
  const roles = useQuery(() => api.get<{ roles: Role[] }>('/roles'), []);
  const [creating, setCreating] = useState(false);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [expires, setExpires] = useState(86_400);
  const [created, setCreated] = useState<EnrollmentToken | null>(null);
  const roleName = (id: string | null): string => (id ? roles.data?.roles.find((r) => r.id === id)?.name ?? 'deleted role' : 'Organization default');

  const create = async (): Promise<void> => {
    try {
      const token = await api.post<EnrollmentToken>('/enrollment-tokens', { ...(roleId ? { roleId } : {}), expiresInSeconds: expires });
      setCreating(false);
      setCreated(token);
      tokens.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  const revoke = async (t: EnrollmentToken): Promise<void> => {
    const ok = await confirm({ title: 'Revoke this token?', body: 'Hosts can no longer enroll with it. Hosts already enrolled keep working.', confirm: 'Revoke token', danger: true });
    if (!ok) return;
    try {
      await api.delete(`/enrollment-tokens/${t.id}`);
      toast.success('Token revoked');
      tokens.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <div id="enrollment">
      <Card
        title="Enrollment tokens"
        description="A host enrolls once with a token, then authenticates with its own host key. Tokens can be used by many hosts until they expire."
        actions={<button type="button" className="btn btn-primary btn-sm" onClick={() => { setRoleId(null); setCreating(true); }}><Icon name="plus" size={14} />Create token</button>}
        flush
      >
        <QueryView state={tokens.state} onRetry={tokens.reload}>
          {({ tokens: list }) =>
            list.length === 0 ? (
              <EmptyState icon="key" title="No enrollment tokens">Create a token to enroll your first host.</EmptyState>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>Token</th>
                      <th>Role for new hosts</th>
                      <th>Status</th>
                      <th className="col-num">Hosts enrolled</th>
                      <th>Expires</th>
                      <th className="col-actions"><span className="sr-only">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((t) => {
                      const state = tokenState(t);
                      return (
                        <tr key={t.id}>
                          <td>
                            <code className="code-inline">{t.id}</code>
                            <div className="cell-sub">created {formatAgo(t.createdAt)}{t.createdBy ? ` by ${t.createdBy}` : ''}</div>
                          </td>
                          <td>{roleName(t.roleId)}</td>
                          <td><Badge tone={state.tone} dot>{state.label}</Badge></td>
                          <td className="col-num">{t.uses}</td>
                          <td className="col-time">{formatAgo(t.expiresAt)}</td>
                          <td className="col-actions">
                            {state.label === 'Active' ? <button type="button" className="btn btn-ghost-danger btn-sm" onClick={() => void revoke(t)}>Revoke</button> : null}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryView>
      </Card>

      <Modal
        open={creating}
        title="Create an enrollment token"
        onClose={() => setCreating(false)}
        onSubmit={() => void create()}
        footer={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => setCreating(false)}>Cancel</button>
            <button type="submit" className="btn btn-primary">Create token</button>
          </>
        }
      >
        <Field label="Role for hosts that enroll with it" htmlFor="token-role">
          <RolePicker id="token-role" roles={roles.data?.roles ?? []} value={roleId} onChange={setRoleId} />
        </Field>
        <Field label="Expires after" htmlFor="token-expiry">
          <select id="token-expiry" className="select" value={expires} onChange={(e) => setExpires(Number(e.target.value))}>
            {EXPIRIES.map((x) => <option key={x.seconds} value={x.seconds}>{x.label}</option>)}
          </select>
        </Field>
      </Modal>

      <Modal
        open={created !== null}
        wide
        title="Enroll a host"
        onClose={() => setCreated(null)}
        onSubmit={() => setCreated(null)}
        footer={<button type="submit" className="btn btn-primary">Done</button>}
      >
        <div className="callout callout-warning">
          <Icon name="alert" size={16} />
          <span>This token is shown only now. Copy it before you close this window.</span>
        </div>
        {created?.token ? (
          <>
            <div className="field">
              <span className="field-label">Run on each host</span>
              <div className="copy-row">
                <pre className="code-block" data-testid="install-command">{installCommand(created.token)}</pre>
                <CopyButton text={installCommand(created.token)} />
              </div>
            </div>
            <p className="field-hint">
              The host registers under this organization with {roleName(created.roleId)} and starts enforcing at once. Expires {formatAgo(created.expiresAt)}.
            </p>
          </>
        ) : null}
      </Modal>
    </div>
  );
}
