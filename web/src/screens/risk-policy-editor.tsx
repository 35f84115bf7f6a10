// The role's risk policy: the cumulative risk score that raises verdicts as an agent keeps
// doing risky things. Null means the detector's defaults.
import { useState } from 'react';
import { SEVERITIES, type RiskPolicy } from '../api/types';
import { humanize } from '../ui/format';
import { Field } from '../ui/page';

export const DEFAULT_RISK: RiskPolicy = {
  enabled: true,
  half_life_seconds: 900,
  thresholds: [20, 50, 100],
  ttl_seconds: 600,
  weights: { info: 0, low: 1, medium: 5, high: 15, critical: 40 },
};

function parseThresholds(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const values = parts.map(Number);
  if (!values.length || values.some((v) => !Number.isFinite(v) || v <= 0)) return null;
  return values.every((v, i) => i === 0 || v > values[i - 1]!) ? values : null;
}

export function RiskPolicyEditor({ risk, readOnly, onChange }: { readonly risk: RiskPolicy | null; readonly readOnly: boolean; readonly onChange: (risk: RiskPolicy | null) => void }) {
  const custom = risk !== null;
  const value: RiskPolicy = risk ? { ...DEFAULT_RISK, ...risk, weights: { ...DEFAULT_RISK.weights, ...risk.weights } } : DEFAULT_RISK;
  const [thresholdText, setThresholdText] = useState(value.thresholds.join(', '));
  const thresholdsOk = parseThresholds(thresholdText) !== null;
  const set = (patch: Partial<RiskPolicy>): void => onChange({ ...value, ...patch });

  return (
    <div className="stack">
      <div className="mode-panel">
        <div>
          <div className="cell-title">Custom risk policy</div>
          <div className="cell-sub">Each risky action adds to a score that decays over time; every threshold the score reaches raises later verdicts one step (allow → flag → ask → block).</div>
        </div>
        <label className="switch">
          <input type="checkbox" checked={custom} disabled={readOnly} onChange={(e) => onChange(e.target.checked ? DEFAULT_RISK : null)} />
          <span className="switch-track" aria-hidden="true" />
          <span className="sr-only">Custom risk policy</span>
        </label>
      </div>
      {!custom ? (
        <div className="callout callout-info">This role uses the detector&apos;s defaults: thresholds 20, 50, 100; half-life 15 minutes.</div>
      ) : (
        <>
          <div className="form-grid">
            <Field label="Risk scoring" htmlFor="risk-enabled">
              <select id="risk-enabled" className="select" disabled={readOnly} value={value.enabled ? 'on' : 'off'} onChange={(e) => set({ enabled: e.target.value === 'on' })}>
                <option value="on">Enabled</option>
                <option value="off">Disabled</option>
              </select>
            </Field>
            <Field label="Thresholds" hint="Ascending, comma separated." error={thresholdsOk ? null : 'Enter ascending positive numbers, e.g. 20, 50, 100.'} htmlFor="risk-thresholds">
              <input
                id="risk-thresholds"
                className="input input-mono"
                disabled={readOnly}
                value={thresholdText}
                onChange={(e) => {
                  setThresholdText(e.target.value);
                  const parsed = parseThresholds(e.target.value);
                  if (parsed) set({ thresholds: parsed });
                }}
              />
            </Field>
            <Field label="Half-life (seconds)" hint="How fast the score decays." htmlFor="risk-half-life">
              <input id="risk-half-life" className="input" type="number" min={1} disabled={readOnly} value={value.half_life_seconds} onChange={(e) => set({ half_life_seconds: Math.max(1, Number(e.target.value)) })} />
            </Field>
            <Field label="Hold (seconds)" hint="How long a raised level holds after the score falls." htmlFor="risk-ttl">
              <input id="risk-ttl" className="input" type="number" min={0} disabled={readOnly} value={value.ttl_seconds} onChange={(e) => set({ ttl_seconds: Math.max(0, Number(e.target.value)) })} />
            </Field>
          </div>
          <div>
            <div className="field-label">Weight per severity</div>
            <div className="kv-grid">
              {SEVERITIES.map((s) => (
                <Field key={s} label={humanize(s)} htmlFor={`risk-weight-${s}`}>
                  <input id={`risk-weight-${s}`} className="input" type="number" min={0} disabled={readOnly} value={value.weights[s]} onChange={(e) => set({ weights: { ...value.weights, [s]: Math.max(0, Number(e.target.value)) } })} />
                </Field>
              ))}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
