// Organization settings: name, audit retention, Policy Advisor, and (admins) host enrollment tokens.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Org } from '../api/types';
import { useTitle } from '../router';
import { useMe, useSession } from '../session';
import { Card, Field, PageHeader } from '../ui/page';
import { useToast } from '../ui/toast';
import { AdvisorSettingsCard } from './advisor-settings';
import { EnrollmentTokens } from './enrollment-tokens';

export function SettingsScreen() {
  useTitle('Settings');
  const me = useMe();
  const { setOrg } = useSession();
  const toast = useToast();
  const [name, setName] = useState(me.org.name);
  const [retention, setRetention] = useState(String(me.org.retentionDays));
  const [saving, setSaving] = useState(false);
  const days = Number(retention);
  const retentionOk = Number.isInteger(days) && days >= 1 && days <= 3650;
  const dirty = name.trim() !== me.org.name || days !== me.org.retentionDays;

  useEffect(() => {
    if (window.location.hash === '#enrollment') document.getElementById('enrollment')?.scrollIntoView();
  }, []);

  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      const { org } = await api.patch<{ org: Org }>('/settings', { name: name.trim(), retentionDays: days });
      setOrg(org);
      toast.success('Settings saved');
    } catch (e) {
      toast.error(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title="Settings" description="Your organization, how long its audit log is kept, and how hosts join it." />
      <div className="stack">
        <Card title="Organization">
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <div className="form-grid">
              <Field label="Name" htmlFor="org-name">
                <input id="org-name" className="input" disabled={!me.isAdmin} value={name} onChange={(e) => setName(e.target.value)} />
              </Field>
              <Field label="Audit retention (days)" hint="Entries older than this are deleted from the control plane. 1 to 3650." error={retentionOk ? null : 'Enter a whole number of days from 1 to 3650.'} htmlFor="org-retention">
                <input id="org-retention" className="input" type="number" min={1} max={3650} disabled={!me.isAdmin} value={retention} onChange={(e) => setRetention(e.target.value)} />
              </Field>
            </div>
            {me.isAdmin ? (
              <div className="row">
                <span className="spacer" />
                <button type="submit" className="btn btn-primary" disabled={!dirty || !retentionOk || saving || !name.trim()}>
                  {saving ? 'Saving…' : 'Save settings'}
                </button>
              </div>
            ) : null}
          </form>
        </Card>
        <AdvisorSettingsCard />
        {me.isAdmin ? <EnrollmentTokens /> : null}
      </div>
    </>
  );
}
