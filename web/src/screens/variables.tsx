// Variables: environment names assigned to hosts by hostname patterns, referenced in rules as
// {{name}} or `when: {name: value}`.
import { useState } from 'react';
import { api, messageOf } from '../api/client';
import type { Variable, VariableValue } from '../api/types';
import { Link, useTitle } from '../router';
import { useMe } from '../session';
import { Badge } from '../ui/badges';
import { Modal, useConfirm } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { Field, PageHeader } from '../ui/page';
import { EmptyState, QueryView } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';

interface Row { value: string; patterns: string }

const rowsOf = (values: readonly VariableValue[]): Row[] => values.map((v) => ({ value: v.value, patterns: v.patterns.join(', ') }));
const valuesOf = (rows: readonly Row[]): VariableValue[] =>
  rows.filter((r) => r.value.trim()).map((r) => ({ value: r.value.trim(), patterns: r.patterns.split(',').map((p) => p.trim()).filter(Boolean) }));

function VariableDialog({ variable, onClose, onSaved }: { readonly variable: Variable | null; readonly onClose: () => void; readonly onSaved: () => void }) {
  const toast = useToast();
  const [name, setName] = useState(variable?.name ?? '');
  const [rows, setRows] = useState<Row[]>(variable ? rowsOf(variable.values) : [{ value: 'production', patterns: '^prod-.*' }, { value: 'dev', patterns: '^dev-.*' }]);
  const [error, setError] = useState<string | null>(null);
  const setRow = (i: number, patch: Partial<Row>): void => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = async (): Promise<void> => {
    setError(null);
    try {
      if (variable) await api.patch(`/variables/${variable.id}`, { values: valuesOf(rows) });
      else await api.post('/variables', { name: name.trim(), values: valuesOf(rows) });
      toast.success(variable ? `Saved {{${variable.name}}}; hosts get the new policy now` : `Created {{${name.trim()}}}`);
      onSaved();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <Modal
      open
      wide
      title={variable ? `Edit {{${variable.name}}}` : 'New variable'}
      onClose={onClose}
      onSubmit={() => void save()}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn btn-primary">{variable ? 'Save variable' : 'Create variable'}</button>
        </>
      }
    >
      {error ? <div className="form-error" role="alert">{error}</div> : null}
      {variable ? null : (
        <Field label="Name" hint="Letters, digits and _; used in rules as {{name}}." htmlFor="var-name">
          <input id="var-name" className="input input-mono" required autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="env" />
        </Field>
      )}
      <div className="field">
        <span className="field-label">Values</span>
        <p className="field-hint">A host gets the first value with a hostname pattern (regular expression) that matches.</p>
        <div className="value-rows">
          {rows.map((r, i) => (
            <div key={i} className="value-row">
              <input className="input input-sm" aria-label={`Value ${i + 1}`} placeholder="production" value={r.value} onChange={(e) => setRow(i, { value: e.target.value })} />
              <input className="input input-sm input-mono" aria-label={`Patterns for value ${i + 1}`} placeholder="^prod-.*, ^db-\d+$" value={r.patterns} onChange={(e) => setRow(i, { patterns: e.target.value })} />
              <button type="button" className="icon-btn icon-btn-danger" aria-label={`Remove value ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                <Icon name="trash" size={16} />
              </button>
            </div>
          ))}
        </div>
        <div>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setRows([...rows, { value: '', patterns: '' }])}>
            <Icon name="plus" size={14} />
            Add value
          </button>
        </div>
      </div>
    </Modal>
  );
}

export function VariablesScreen() {
  useTitle('Variables');
  const me = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const variables = useQuery(() => api.get<{ variables: Variable[] }>('/variables'), []);
  const [editing, setEditing] = useState<Variable | 'new' | null>(null);

  const remove = async (v: Variable): Promise<void> => {
    const ok = await confirm({ title: `Delete {{${v.name}}}?`, body: 'Hosts stop getting this variable with their policy.', confirm: 'Delete variable', danger: true });
    if (!ok) return;
    try {
      await api.delete(`/variables/${v.id}`);
      toast.success(`Deleted {{${v.name}}}`);
      variables.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <>
      <PageHeader
        title="Variables"
        description="Name parts of your fleet by hostname — production, staging, dev — and use one role everywhere with rules that apply only where they should."
        actions={me.isAdmin ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" size={16} />
            New variable
          </button>
        ) : null}
      />
      <QueryView state={variables.state} onRetry={variables.reload}>
        {({ variables: list }) =>
          list.length === 0 ? (
            <div className="card"><EmptyState icon="variables" title="No variables">Create one to tell environments apart by hostname.</EmptyState></div>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Variable</th>
                    <th>Values and hostname patterns</th>
                    <th>Status</th>
                    <th>Used by</th>
                    {me.isAdmin ? <th className="col-actions"><span className="sr-only">Actions</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((v) => (
                    <tr key={v.id}>
                      <td><code className="code-inline">{`{{${v.name}}}`}</code></td>
                      <td>
                        {v.values.length ? (
                          <div className="value-rows">
                            {v.values.map((val) => (
                              <div key={val.value} className="value-row">
                                <span className="value-name">{val.value}</span>
                                <span className="mono muted">{val.patterns.join('  ·  ') || 'no pattern'}</span>
                              </div>
                            ))}
                          </div>
                        ) : <span className="muted">No values</span>}
                      </td>
                      <td>{v.builtin ? <Badge tone="accent">Builtin</Badge> : <Badge>Custom</Badge>}</td>
                      <td>
                        {v.usedByRoles.length ? v.usedByRoles.map((r, i) => (
                          <span key={r.id}>{i ? ', ' : ''}<Link to={`/roles/${r.id}`}>{r.name}</Link></span>
                        )) : <span className="muted">No role</span>}
                      </td>
                      {me.isAdmin ? (
                        <td className="col-actions">
                          <div className="row-actions">
                            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(v)}>Edit</button>
                            <button
                              type="button"
                              className="btn btn-ghost-danger btn-sm"
                              disabled={v.builtin || v.usedBy > 0}
                              title={v.builtin ? 'Builtin variables cannot be deleted' : v.usedBy ? 'A role uses this variable' : undefined}
                              onClick={() => void remove(v)}
                            >
                              Delete
                            </button>
                          </div>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {editing ? (
        <VariableDialog
          variable={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            variables.reload();
          }}
        />
      ) : null}
    </>
  );
}
