// The org's Policy Advisor settings: on or off, how often it analyses every role by itself, how
// long a role's hosts must have been observed, and the confidence under which a change is not
// proposed; with the last analysis, the next one, and (admins) a button to run it now.
import { useState } from 'react';
import { api } from '../api/client';
import type { AdvisorRunResult, AdvisorSchedule, AdvisorStatus, Org } from '../api/types';
import { useMe, useSession } from '../session';
import { formatAgo, formatTime, plural } from '../ui/format';
import { Icon } from '../ui/icons';
import { Card, Field } from '../ui/page';
import { Spinner } from '../ui/states';
import { useToast } from '../ui/toast';
import { useQuery } from '../use-query';

const wholeIn = (text: string, min: number, max: number): boolean => {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
};

export const SCHEDULE_LABELS: Record<AdvisorSchedule, string> = { weekly: 'Weekly', daily: 'Daily', off: 'Only when asked' };

export function runSummary(r: AdvisorRunResult): string {
  if (r.error) return `failed: ${r.error}`;
  if (r.roles === 0 && r.skipped.length === 0) return 'no role has hosts with activity yet';
  const skipped = r.skipped.length ? `, ${plural(r.skipped.length, 'role')} skipped` : '';
  return `${plural(r.suggestions, 'new suggestion')} from ${plural(r.roles, 'role')} analysed${skipped}`;
}

/** The last and next analysis, and for admins the button that runs it now. */
export function AdvisorRunStatus({ onRan }: { readonly onRan?: () => void }) {
  const me = useMe();
  const toast = useToast();
  const status = useQuery(() => api.get<AdvisorStatus>('/advisor'), [me.org.advisor]);
  const [running, setRunning] = useState(false);
  const s = status.data ?? null;

  const run = async (): Promise<void> => {
    setRunning(true);
    try {
      const r = await api.post<AdvisorRunResult>('/advisor/run');
      toast.success(`Analysis finished: ${runSummary(r)}`);
      status.reload();
      onRan?.();
    } catch (e) {
      toast.error(e);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="advisor-status" data-testid="advisor-status">
      <Icon name="clock" className="muted" />
      <div className="advisor-status-text">
        {s === null ? <Spinner /> : (
          <>
            <div>
              <strong>{s.lastStartedAt ? `Last analysis ${formatAgo(s.lastFinishedAt ?? s.lastStartedAt)}` : 'Not analysed yet'}</strong>
              {s.lastResult ? <span className="muted"> · {runSummary(s.lastResult)}</span> : null}
            </div>
            {s.lastResult?.skipped.length ? (
              <details className="advisor-skipped">
                <summary>Why {s.lastResult.skipped.length === 1 ? 'one role was' : `${s.lastResult.skipped.length} roles were`} skipped</summary>
                <ul>
                  {s.lastResult.skipped.map((k) => <li key={k.roleId}><strong>{k.roleName}</strong>: {k.reason}</li>)}
                </ul>
              </details>
            ) : null}
            <div className="cell-sub">
              {!s.enabled ? 'The Policy Advisor is off: no analysis runs.' : s.running ? 'An analysis is running now.' : s.nextRunAt ? `Next scheduled analysis ${formatAgo(s.nextRunAt)} (${formatTime(s.nextRunAt)}).` : 'No scheduled analysis: suggestions come only when asked.'}
            </div>
          </>
        )}
      </div>
      {me.isAdmin ? (
        <button type="button" className="btn btn-secondary btn-sm" disabled={running || !me.org.advisor.enabled} onClick={() => void run()}>
          {running ? 'Analysing…' : 'Run analysis now'}
        </button>
      ) : null}
    </div>
  );
}

export function AdvisorSettingsCard() {
  const me = useMe();
  const { setOrg } = useSession();
  const toast = useToast();
  const current = me.org.advisor;
  const [enabled, setEnabled] = useState(current.enabled);
  const [schedule, setSchedule] = useState<AdvisorSchedule>(current.schedule);
  const [minHours, setMinHours] = useState(String(current.minObservationHours));
  const [threshold, setThreshold] = useState(String(current.confidenceThreshold));
  const [saving, setSaving] = useState(false);
  const hoursOk = wholeIn(minHours, 1, 2160);
  const thresholdOk = wholeIn(threshold, 0, 100);
  const dirty = enabled !== current.enabled || schedule !== current.schedule || Number(minHours) !== current.minObservationHours || Number(threshold) !== current.confidenceThreshold;

  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      const { org } = await api.patch<{ org: Org }>('/settings', { advisor: { enabled, schedule, minObservationHours: Number(minHours), confidenceThreshold: Number(threshold) } });
      setOrg(org);
      toast.success('Policy Advisor settings saved');
    } catch (e) {
      toast.error(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title="Policy Advisor" description="Rule suggestions for each role from what its hosts did. When off, no analysis runs and no new suggestions are generated; existing ones stay for review.">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="row" htmlFor="advisor-enabled">
          <input id="advisor-enabled" type="checkbox" className="checkbox" disabled={!me.isAdmin} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>Generate suggestions</span>
        </label>
        <div className="form-grid form-grid-3">
          <Field label="Analysis schedule" hint="How often every role is analysed by itself. Daily suits busy agents; weekly smooths out one-off work." htmlFor="advisor-schedule">
            <select id="advisor-schedule" className="select" disabled={!me.isAdmin || !enabled} value={schedule} onChange={(e) => setSchedule(e.target.value as AdvisorSchedule)}>
              {(Object.keys(SCHEDULE_LABELS) as AdvisorSchedule[]).map((k) => <option key={k} value={k}>{SCHEDULE_LABELS[k]}</option>)}
            </select>
          </Field>
          <Field label="Minimum observation (hours)" hint="Hours of activity a role's hosts need before it gets a suggestion. 1 to 2160." error={hoursOk ? null : 'Enter a whole number of hours from 1 to 2160.'} htmlFor="advisor-min-hours">
            <input id="advisor-min-hours" className="input" type="number" min={1} max={2160} disabled={!me.isAdmin} value={minHours} onChange={(e) => setMinHours(e.target.value)} />
          </Field>
          <Field label="Confidence threshold (%)" hint="Changes with a lower confidence are not proposed. 0 to 100." error={thresholdOk ? null : 'Enter a whole number from 0 to 100.'} htmlFor="advisor-threshold">
            <input id="advisor-threshold" className="input" type="number" min={0} max={100} disabled={!me.isAdmin} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
          </Field>
        </div>
        <AdvisorRunStatus />
        {me.isAdmin ? (
          <div className="row">
            <span className="spacer" />
            <button type="submit" className="btn btn-primary" disabled={!dirty || !hoursOk || !thresholdOk || saving}>
              {saving ? 'Saving…' : 'Save advisor settings'}
            </button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}
