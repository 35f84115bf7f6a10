// An ordered list of policy rules (command, MCP, file or web): add, edit, reorder, delete.
// The first matching rule wins, so order is shown and kept.
import { useState, type FormEvent } from 'react';
import { ACTIONS, SEVERITIES, type Action, type Severity } from '../api/types';
import { ActionBadge, SeverityBadge } from '../ui/badges';
import { Icon } from '../ui/icons';
import { EmptyState } from '../ui/states';

export interface EditableRule {
  action: Action;
  severity?: Severity;
  reason?: string;
}

interface Props<R extends EditableRule> {
  readonly rules: readonly R[];
  readonly keyField: Extract<keyof R, string>;
  readonly keyLabel: string;
  readonly placeholder: string;
  readonly readOnly: boolean;
  readonly onChange: (rules: R[]) => void;
  readonly emptyText: string;
}

interface Draft { key: string; action: Action; severity: Severity | ''; reason: string }

const blank: Draft = { key: '', action: 'deny', severity: '', reason: '' };

function toRule<R extends EditableRule>(base: R | null, keyField: string, d: Draft): R {
  const rule: EditableRule & Record<string, unknown> = { ...(base ?? {}), [keyField]: d.key.trim(), action: d.action };
  if (d.severity) rule.severity = d.severity;
  else delete rule.severity;
  if (d.reason.trim()) rule.reason = d.reason.trim();
  else delete rule.reason;
  return rule as unknown as R;
}

function RuleInputs({ draft, setDraft, keyLabel, placeholder, idPrefix }: {
  readonly draft: Draft;
  readonly setDraft: (d: Draft) => void;
  readonly keyLabel: string;
  readonly placeholder: string;
  readonly idPrefix: string;
}) {
  return (
    <>
      <label className="sr-only" htmlFor={`${idPrefix}-key`}>{keyLabel}</label>
      <input id={`${idPrefix}-key`} className="input input-sm input-mono" placeholder={placeholder} value={draft.key} onChange={(e) => setDraft({ ...draft, key: e.target.value })} />
      <label className="sr-only" htmlFor={`${idPrefix}-action`}>Action</label>
      <select id={`${idPrefix}-action`} className="select select-sm" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value as Action })}>
        {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
      </select>
      <label className="sr-only" htmlFor={`${idPrefix}-severity`}>Severity</label>
      <select id={`${idPrefix}-severity`} className="select select-sm" value={draft.severity} onChange={(e) => setDraft({ ...draft, severity: e.target.value as Severity | '' })}>
        <option value="">Severity: auto</option>
        {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
      <label className="sr-only" htmlFor={`${idPrefix}-reason`}>Reason</label>
      <input id={`${idPrefix}-reason`} className="input input-sm" placeholder="Reason shown to the agent and in the audit log" value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value })} />
    </>
  );
}

export function RuleListEditor<R extends EditableRule>({ rules, keyField, keyLabel, placeholder, readOnly, onChange, emptyText }: Props<R>) {
  const [adding, setAdding] = useState<Draft>(blank);
  const [editing, setEditing] = useState<{ index: number; draft: Draft } | null>(null);
  const idBase = `rule-${keyField}`;

  const move = (from: number, to: number): void => {
    if (to < 0 || to >= rules.length) return;
    const next = [...rules];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onChange(next);
  };

  const add = (event: FormEvent): void => {
    event.preventDefault();
    if (!adding.key.trim()) return;
    onChange([...rules, toRule<R>(null, keyField, adding)]);
    setAdding({ ...blank, action: adding.action });
    document.getElementById(`${idBase}-new-key`)?.focus();
  };

  const saveEdit = (): void => {
    if (!editing || !editing.draft.key.trim()) return;
    const next = [...rules];
    next[editing.index] = toRule(rules[editing.index]!, keyField, editing.draft);
    onChange(next);
    setEditing(null);
  };

  return (
    <>
      {rules.length === 0 ? (
        <EmptyState icon="roles" title="No rules">{emptyText}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table rules-table">
            <thead>
              <tr>
                <th className="rule-index">#</th>
                <th>{keyLabel}</th>
                <th>Action</th>
                <th>Severity</th>
                <th>Reason</th>
                {readOnly ? null : <th className="col-actions"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {rules.map((rule, index) => {
                const key = String(rule[keyField]);
                if (editing?.index === index) {
                  return (
                    <tr key={`edit-${index}`} className="row-selected">
                      <td className="rule-index">{index + 1}</td>
                      <td colSpan={4}>
                        <div className="rule-edit">
                          <RuleInputs draft={editing.draft} setDraft={(draft) => setEditing({ index, draft })} keyLabel={keyLabel} placeholder={placeholder} idPrefix={`${idBase}-edit`} />
                        </div>
                      </td>
                      <td className="col-actions">
                        <div className="row-actions">
                          <button type="button" className="btn btn-primary btn-sm" onClick={saveEdit}>Done</button>
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(null)}>Cancel</button>
                        </div>
                      </td>
                    </tr>
                  );
                }
                const args = (rule as { args?: Record<string, string> }).args;
                return (
                  <tr key={`${index}-${key}`} data-rule={key}>
                    <td className="rule-index">{index + 1}</td>
                    <td>
                      <code className="code-inline">{key}</code>
                      {args && Object.keys(args).length ? (
                        <div className="cell-sub mono">{Object.entries(args).map(([k, v]) => `${k} ~ /${v}/`).join(', ')}</div>
                      ) : null}
                    </td>
                    <td><ActionBadge action={rule.action} /></td>
                    <td>{rule.severity ? <SeverityBadge severity={rule.severity} /> : <span className="muted">auto</span>}</td>
                    <td className="muted">{rule.reason ?? '—'}</td>
                    {readOnly ? null : (
                      <td className="col-actions">
                        <div className="row-actions">
                          <button type="button" className="icon-btn" aria-label={`Move ${key} up`} title="Move up" disabled={index === 0} onClick={() => move(index, index - 1)}>
                            <Icon name="up" size={16} />
                          </button>
                          <button type="button" className="icon-btn" aria-label={`Move ${key} down`} title="Move down" disabled={index === rules.length - 1} onClick={() => move(index, index + 1)}>
                            <Icon name="down" size={16} />
                          </button>
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing({ index, draft: { key, action: rule.action, severity: rule.severity ?? '', reason: rule.reason ?? '' } })}>
                            Edit
                          </button>
                          <button type="button" className="icon-btn icon-btn-danger" aria-label={`Delete rule ${key}`} title="Delete rule" onClick={() => onChange(rules.filter((_, i) => i !== index))}>
                            <Icon name="trash" size={16} />
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {readOnly ? null : (
        <form className="rule-add" onSubmit={add} aria-label={`Add ${keyLabel.toLowerCase()} rule`}>
          <RuleInputs draft={adding} setDraft={setAdding} keyLabel={keyLabel} placeholder={placeholder} idPrefix={`${idBase}-new`} />
          <button type="submit" className="btn btn-secondary btn-sm" disabled={!adding.key.trim()}>
            <Icon name="plus" size={14} />
            Add rule
          </button>
        </form>
      )}
    </>
  );
}
