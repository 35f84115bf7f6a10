// One policy role: mode toggle, ordered command and MCP rules, files and web, risk policy and
// defaults. Rule edits are kept as a draft until saved; the mode switches at once.
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api/client';
import { ACTIONS, type Action, type Mode, type Role } from '../api/types';
import { Link, navigate, useTitle } from '../router';
import { useMe } from '../session';
import { Badge, ModeBadge } from '../ui/badges';
import { useConfirm } from '../ui/dialog';
import { formatAgo, plural } from '../ui/format';
import { Card, Field, PageHeader, Tabs } from '../ui/page';
import { ErrorState, Loading } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';
import { RiskPolicyEditor } from './risk-policy-editor';
import { RuleListEditor } from './rule-list-editor';

type Draft = Pick<Role, 'description' | 'commands' | 'mcp' | 'files' | 'web' | 'risk' | 'defaults' | 'on_unresolved' | 'detection'>;
const DRAFT_KEYS = ['description', 'commands', 'mcp', 'files', 'web', 'risk', 'defaults', 'on_unresolved', 'detection'] as const;

function draftOf(role: Role): Draft {
  return structuredClone({
    description: role.description, commands: role.commands, mcp: role.mcp, files: role.files, web: role.web,
    risk: role.risk, defaults: role.defaults, on_unresolved: role.on_unresolved, detection: role.detection,
  });
}

type Tab = 'commands' | 'mcp' | 'files' | 'risk' | 'settings';

function ModeToggle({ role, readOnly, onSwitch }: { readonly role: Role; readonly readOnly: boolean; readonly onSwitch: (mode: Mode) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Mode">
      <button type="button" aria-pressed={role.mode === 'monitor'} disabled={readOnly} onClick={() => role.mode !== 'monitor' && onSwitch('monitor')}>
        Monitor
      </button>
      <button type="button" className="seg-enforce" aria-pressed={role.mode === 'enforce'} disabled={readOnly} onClick={() => role.mode !== 'enforce' && onSwitch('enforce')}>
        Enforce
      </button>
    </div>
  );
}

export function RoleDetailScreen({ id }: { readonly id: string }) {
  const me = useMe();
  const toast = useToast();
  const confirm = useConfirm();
  const query = useQuery(() => api.get<Role>(`/roles/${encodeURIComponent(id)}`), [id]);
  const role = query.data;
  useTitle(role?.name ?? 'Policy role');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tab, setTab] = useState<Tab>('commands');
  const [saving, setSaving] = useState(false);
  const [suggesting, setSuggesting] = useState(false);
  const [problems, setProblems] = useState<ApiError | null>(null);
  const readOnly = !me.isAdmin;

  useEffect(() => {
    if (role) setDraft(draftOf(role));
  }, [role]);

  const changed = useMemo(() => {
    if (!role || !draft) return [] as (typeof DRAFT_KEYS)[number][];
    const base = draftOf(role);
    return DRAFT_KEYS.filter((k) => JSON.stringify(base[k]) !== JSON.stringify(draft[k]));
  }, [role, draft]);

  if (query.state.kind === 'error' && !role) return <ErrorState error={query.state.error} onRetry={query.reload} />;
  if (!role || !draft) return <Loading />;

  const update = (patch: Partial<Draft>): void => setDraft({ ...draft, ...patch });

  const save = async (): Promise<void> => {
    setSaving(true);
    setProblems(null);
    const body: Partial<Draft> = {};
    for (const k of changed) (body as Record<string, unknown>)[k] = draft[k];
    try {
      query.set(await api.patch<Role>(`/roles/${role.id}`, body));
      toast.success(role.hostCount ? `Saved; ${plural(role.hostCount, 'host')} get the new policy now` : 'Saved');
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'invalid_policy' || e.code === 'invalid_request')) setProblems(e);
      toast.error(e);
    } finally {
      setSaving(false);
    }
  };

  const switchMode = async (mode: Mode): Promise<void> => {
    if (mode === 'enforce') {
      const ok = await confirm({
        title: `Enforce ${role.name}?`,
        body: `Commands and tool calls that break this role's rules will be blocked on ${plural(role.hostCount, 'host')} as soon as they receive the change.`,
        confirm: 'Switch to Enforce',
      });
      if (!ok) return;
    }
    try {
      query.set(await api.patch<Role>(`/roles/${role.id}`, { mode }));
      toast.success(mode === 'enforce' ? `${role.name} is now enforcing` : `${role.name} is now monitoring`);
    } catch (e) {
      toast.error(e);
    }
  };

  const remove = async (): Promise<void> => {
    const ok = await confirm({
      title: `Delete ${role.name}?`,
      body: role.hostCount ? `${plural(role.hostCount, 'host')} will fall back to the organization default role.` : 'No host runs this role.',
      confirm: 'Delete role',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.delete(`/roles/${role.id}`);
      toast.success(`Deleted ${role.name}`);
      navigate('/roles');
    } catch (e) {
      toast.error(e);
    }
  };

  const suggest = async (): Promise<void> => {
    setSuggesting(true);
    try {
      const s = await api.post<{ id: string; changeCount: number }>(`/roles/${role.id}/suggestions`, {});
      toast.success(s.changeCount ? `The advisor proposes ${plural(s.changeCount, 'change')}` : 'The advisor has nothing to propose for this role yet');
      navigate(`/suggestions/${s.id}`);
    } catch (e) {
      toast.error(e);
    } finally {
      setSuggesting(false);
    }
  };

  return (
    <>
      <PageHeader
        back={{ to: '/roles', label: 'Policy roles' }}
        title={role.name}
        badges={
          <>
            <ModeBadge mode={role.mode} />
            {role.isDefault ? <Badge>Default</Badge> : null}
            {role.status === 'active' ? <Badge tone="success">Active</Badge> : <Badge>Draft</Badge>}
          </>
        }
        description={role.description || 'No description.'}
        actions={readOnly ? null : (
          <>
            <button type="button" className="btn btn-secondary" disabled={suggesting} onClick={() => void suggest()}>
              Suggest rules
            </button>
            <button type="button" className="btn btn-ghost-danger" disabled={role.isDefault} title={role.isDefault ? 'The default role cannot be deleted' : undefined} onClick={() => void remove()}>
              Delete
            </button>
          </>
        )}
      />

      <div className="stack">
        <Card>
          <div className="mode-panel">
            <div>
              <div className="cell-title">Mode</div>
              <div className="cell-sub">
                {role.mode === 'enforce'
                  ? 'Enforcing: violations are blocked before they run.'
                  : 'Monitoring: nothing is blocked; violations are logged as “would block”.'}{' '}
                Applies at once to <Link to={`/hosts?roleId=${encodeURIComponent(role.id)}`}>{plural(role.hostCount, 'host')}</Link>. Version {role.version}, updated {formatAgo(role.updatedAt)}.
              </div>
            </div>
            <ModeToggle role={role} readOnly={readOnly} onSwitch={(m) => void switchMode(m)} />
          </div>
        </Card>

        {problems ? (
          <div className="form-error" role="alert">
            {problems.message}
            {problems.details.length > 1 ? <ul>{problems.details.map((d, i) => <li key={i}>{d.path ? `${d.path}: ` : ''}{d.message}</li>)}</ul> : null}
          </div>
        ) : null}

        <div>
          <Tabs<Tab>
            label="Role sections"
            value={tab}
            onChange={setTab}
            options={[
              { value: 'commands', label: 'Commands', count: draft.commands.length },
              { value: 'mcp', label: 'MCP tool calls', count: draft.mcp.length },
              { value: 'files', label: 'Files & web', count: draft.files.length + draft.web.length },
              { value: 'risk', label: 'Risk policy' },
              { value: 'settings', label: 'Defaults' },
            ]}
          />
          {tab === 'commands' ? (
            <Card title="Command rules" description="Matched against the analysed command (wrappers, flags and sub-shells resolved); the first matching rule wins." flush>
              <RuleListEditor
                rules={draft.commands}
                keyField="pattern"
                keyLabel="Pattern"
                placeholder="git push --force*"
                readOnly={readOnly}
                onChange={(commands) => update({ commands })}
                emptyText={`No command rules: every command gets the default action (${draft.defaults.command}).`}
              />
            </Card>
          ) : null}
          {tab === 'mcp' ? (
            <Card title="MCP tool-call rules" description="server/tool globs: allow a whole server (filesystem/*) or single tools (filesystem/write_file). The first match wins." flush>
              <RuleListEditor
                rules={draft.mcp}
                keyField="tool"
                keyLabel="Server / tool"
                placeholder="filesystem/write_file"
                readOnly={readOnly}
                onChange={(mcp) => update({ mcp })}
                emptyText={`No MCP rules: every tool call gets the default action (${draft.defaults.mcp}).`}
              />
            </Card>
          ) : null}
          {tab === 'files' ? (
            <div className="stack">
              <Card title="File rules" description="Paths an agent's file tools may read or write (globs, ~ for home)." flush>
                <RuleListEditor rules={draft.files} keyField="path" keyLabel="Path" placeholder="~/.ssh/**" readOnly={readOnly} onChange={(files) => update({ files })} emptyText="No file rules." />
              </Card>
              <Card title="Web rules" description="Domains an agent's web tools may reach." flush>
                <RuleListEditor rules={draft.web} keyField="domain" keyLabel="Domain" placeholder="*.pastebin.com" readOnly={readOnly} onChange={(web) => update({ web })} emptyText="No web rules." />
              </Card>
            </div>
          ) : null}
          {tab === 'risk' ? (
            <Card title="Risk policy">
              <RiskPolicyEditor risk={draft.risk} readOnly={readOnly} onChange={(risk) => update({ risk })} />
            </Card>
          ) : null}
          {tab === 'settings' ? (
            <Card title="Defaults" description="What happens when no rule matches, and when a command cannot be resolved statically.">
              <div className="form-grid">
                {(['command', 'mcp', 'file', 'web'] as const).map((k) => (
                  <Field key={k} label={`Default for ${k === 'mcp' ? 'MCP tool calls' : `${k}s`}`} htmlFor={`default-${k}`}>
                    <select id={`default-${k}`} className="select" disabled={readOnly} value={draft.defaults[k]} onChange={(e) => update({ defaults: { ...draft.defaults, [k]: e.target.value as Action } })}>
                      {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
                    </select>
                  </Field>
                ))}
                <Field label="Unresolved commands" hint="$(…) or $VAR as the program name." htmlFor="on-unresolved">
                  <select id="on-unresolved" className="select" disabled={readOnly} value={draft.on_unresolved} onChange={(e) => update({ on_unresolved: e.target.value as Action })}>
                    {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
                  </select>
                </Field>
                <Field label="Detection profile" htmlFor="detection-profile">
                  <select
                    id="detection-profile"
                    className="select"
                    disabled={readOnly}
                    value={draft.detection?.profile ?? ''}
                    onChange={(e) => update({ detection: e.target.value ? { profile: e.target.value as 'strict' | 'standard' | 'minimal' } : null })}
                  >
                    <option value="">Policy default</option>
                    <option value="strict">Strict</option>
                    <option value="standard">Standard</option>
                    <option value="minimal">Minimal</option>
                  </select>
                </Field>
                <Field label="Description" htmlFor="role-description-edit">
                  <input id="role-description-edit" className="input" disabled={readOnly} value={draft.description} onChange={(e) => update({ description: e.target.value })} />
                </Field>
              </div>
            </Card>
          ) : null}
        </div>

        {changed.length && !readOnly ? (
          <div className="save-bar" role="region" aria-label="Unsaved changes">
            <span>Unsaved changes</span>
            <span className="spacer" />
            <button type="button" className="btn btn-secondary btn-sm" disabled={saving} onClick={() => { setDraft(draftOf(role)); setProblems(null); }}>
              Discard
            </button>
            <button type="button" className="btn btn-primary btn-sm" disabled={saving} onClick={() => void save()}>
              {saving ? 'Saving…' : 'Save changes'}
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}
