// The org's Policy Advisor settings: on or off, the shortest window a suggestion may come from,
// and the confidence under which a change is not proposed.
import { useState } from 'react';
import { api } from '../api/client';
import type { Org } from '../api/types';
import { useMe, useSession } from '../session';
import { Card, Field } from '../ui/page';
import { useToast } from '../ui/toast';

const wholeIn = (text: string, min: number, max: number): boolean => {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
};

export function AdvisorSettingsCard() {
  const me = useMe();
  const { setOrg } = useSession();
  const toast = useToast();
  const current = me.org.advisor;
  const [enabled, setEnabled] = useState(current.enabled);
  const [minDays, setMinDays] = useState(String(current.minObservationDays));
  const [threshold, setThreshold] = useState(String(current.confidenceThreshold));
  const [saving, setSaving] = useState(false);
  const daysOk = wholeIn(minDays, 1, 90);
  const thresholdOk = wholeIn(threshold, 0, 100);
  const dirty = enabled !== current.enabled || Number(minDays) !== current.minObservationDays || Number(threshold) !== current.confidenceThreshold;

  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      const { org } = await api.patch<{ org: Org }>('/settings', { advisor: { enabled, minObservationDays: Number(minDays), confidenceThreshold: Number(threshold) } });
      setOrg(org);
      toast.success('Policy Advisor settings saved');
    } catch (e) {
      toast.error(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title="Policy Advisor" description="Rule suggestions for a role from what its hosts did. When off, no new suggestions are generated; existing ones stay for review.">
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
        <div className="form-grid">
          <Field label="Minimum observation (days)" hint="A suggestion needs an audit window at least this long. 1 to 90." error={daysOk ? null : 'Enter a whole number of days from 1 to 90.'} htmlFor="advisor-min-days">
            <input id="advisor-min-days" className="input" type="number" min={1} max={90} disabled={!me.isAdmin} value={minDays} onChange={(e) => setMinDays(e.target.value)} />
          </Field>
          <Field label="Confidence threshold (%)" hint="Changes with a lower confidence are not proposed. 0 to 100." error={thresholdOk ? null : 'Enter a whole number from 0 to 100.'} htmlFor="advisor-threshold">
            <input id="advisor-threshold" className="input" type="number" min={0} max={100} disabled={!me.isAdmin} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
          </Field>
        </div>
        {me.isAdmin ? (
          <div className="row">
            <span className="spacer" />
            <button type="submit" className="btn btn-primary" disabled={!dirty || !daysOk || !thresholdOk || saving}>
              {saving ? 'Saving…' : 'Save advisor settings'}
            </button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}
