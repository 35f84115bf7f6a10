// The frame of a screen: title, description and actions, then its content.
import type { ReactNode } from 'react';
import { Link } from '../router';
import { Icon } from './icons';

export function PageHeader({ title, description, actions, back, badges }: {
  readonly title: ReactNode;
  readonly description?: ReactNode;
  readonly actions?: ReactNode;
  readonly back?: { to: string; label: string };
  readonly badges?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div className="page-heading">
        {back ? (
          <Link to={back.to} className="back-link">
            <Icon name="back" size={14} />
            {back.label}
          </Link>
        ) : null}
        <div className="page-title-row">
          <h1>{title}</h1>
          {badges}
        </div>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Card({ title, description, actions, children, flush }: {
  readonly title?: ReactNode;
  readonly description?: ReactNode;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
  readonly flush?: boolean;
}) {
  return (
    <section className="card">
      {title || actions ? (
        <header className="card-header">
          <div>
            {title ? <h2 className="card-title">{title}</h2> : null}
            {description ? <p className="card-description">{description}</p> : null}
          </div>
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      <div className={flush ? 'card-body card-body-flush' : 'card-body'}>{children}</div>
    </section>
  );
}

export function Field({ label, hint, error, children, htmlFor }: {
  readonly label: string;
  readonly hint?: ReactNode;
  readonly error?: string | null;
  readonly children: ReactNode;
  readonly htmlFor?: string;
}) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label className="field-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {error ? <p className="field-error">{error}</p> : hint ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}

export function Tabs<T extends string>({ value, options, onChange, label }: {
  readonly value: T;
  readonly options: readonly { value: T; label: string; count?: number }[];
  readonly onChange: (value: T) => void;
  readonly label: string;
}) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="tab"
          aria-selected={o.value === value}
          className={o.value === value ? 'tab tab-active' : 'tab'}
          onClick={() => onChange(o.value)}
        >
          {o.label}
          {o.count !== undefined ? <span className="tab-count">{o.count}</span> : null}
        </button>
      ))}
    </div>
  );
}

export function Dl({ items }: { readonly items: readonly [string, ReactNode][] }) {
  return (
    <dl className="dl">
      {items.map(([k, v]) => (
        <div key={k} className="dl-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
