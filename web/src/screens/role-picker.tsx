// A <select> of the org's roles, with "Organization default" as null.
import type { Role } from '../api/types';

export function RolePicker({ id, roles, value, onChange, disabled }: {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly value: string | null;
  readonly onChange: (roleId: string | null) => void;
  readonly disabled?: boolean;
}) {
  const fallback = roles.find((r) => r.isDefault);
  return (
    <select id={id} className="select" disabled={disabled} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">Organization default{fallback ? ` (${fallback.name})` : ''}</option>
      {roles.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name} — {r.mode === 'enforce' ? 'enforcing' : 'monitoring'}
        </option>
      ))}
    </select>
  );
}
