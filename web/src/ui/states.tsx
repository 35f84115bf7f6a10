// What a screen shows while it loads, when it failed, and when there is nothing yet.
import type { ReactNode } from 'react';
import { ApiError, messageOf } from '../api/client';
import type { QueryState } from '../use-query';
import { Icon, type IconName } from './icons';

export function Spinner({ label = 'Loading' }: { readonly label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function Loading({ label = 'Loading…' }: { readonly label?: string }) {
  return (
    <div className="state state-loading">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { readonly error: unknown; readonly onRetry?: () => void }) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <div className="state-icon state-icon-danger">
        <Icon name="alert" size={22} />
      </div>
      <h3>{notFound ? 'Not found' : 'Could not load this page'}</h3>
      <p>{notFound ? 'It does not exist in your organization, or it was deleted.' : messageOf(error)}</p>
      {onRetry && !notFound ? (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ icon, title, children, action }: { readonly icon: IconName; readonly title: string; readonly children?: ReactNode; readonly action?: ReactNode }) {
  return (
    <div className="state state-empty">
      <div className="state-icon">
        <Icon name={icon} size={22} />
      </div>
      <h3>{title}</h3>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
}

/** Renders the loading and error states of a query, and `children(data)` once it is ready. */
export function QueryView<T>({ state, onRetry, children }: { readonly state: QueryState<T>; readonly onRetry: () => void; readonly children: (data: T) => ReactNode }) {
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'error') return <ErrorState error={state.error} onRetry={onRetry} />;
  return <>{children(state.data)}</>;
}
