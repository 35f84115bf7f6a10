// Sign-in: email and password; the server rate-limits failed attempts.
import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../api/client';
import { useTitle } from '../router';
import { useSession } from '../session';
import { Icon } from '../ui/icons';
import { Field } from '../ui/page';
import { Spinner } from '../ui/states';

export function LoginScreen({ expired }: { readonly expired: boolean }) {
  useTitle('Sign in');
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(expired ? 'Your session ended. Sign in again.' : null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'unauthorized' ? 'Wrong email or password.' : messageOf(e));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login-card">
        <div className="brand">
          <span className="brand-mark"><Icon name="shield" size={18} /></span>
          <span className="brand-text">
            <span className="brand-name">Warden</span>
            <span className="brand-org">Control plane</span>
          </span>
        </div>
        <h1>Sign in to your organization</h1>
        <p className="lead">Policy, audit and approvals for every AI agent in your fleet.</p>
        <form onSubmit={(e) => void submit(e)}>
          {error ? <div className="form-error" role="alert">{error}</div> : null}
          <Field label="Email" htmlFor="login-email">
            <input id="login-email" className="input" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field label="Password" htmlFor="login-password">
            <input id="login-password" className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? <Spinner label="Signing in" /> : null}
            Sign in
          </button>
        </form>
        <p className="login-foot">The first administrator is set with WARDEN_ADMIN_EMAIL and WARDEN_ADMIN_PASSWORD.</p>
      </div>
    </div>
  );
}
