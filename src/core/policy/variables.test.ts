import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { loadPolicyText } from './load-policy.js';
import type { Policy } from './policy.js';
import { interpolate, referencedVariables, resolveVariables } from './variables.js';

function policyOf(text: string): Policy {
  const { value, errors } = loadPolicyText(text, 'test.yaml');
  expect(errors).toEqual([]);
  return value!;
}

const POLICY = `version: 1
variables:
  env:
    - { value: production, patterns: ["^prod-", "\\\\.prod\\\\.example\\\\.com$"] }
    - { value: staging, patterns: ["^stg-", "^prod-canary-"] }
    - { value: dev, patterns: ["-mbp$", "^dev-"] }
  region:
    - { value: eu, patterns: ["-eu-"] }
roles:
  - name: ops
    mode: enforce
    commands:
      - { id: apply-here, pattern: "terraform apply -var-file={{env}}.tfvars*", action: allow }
      - { id: apply-prod, pattern: "terraform apply*", action: deny, when: { env: production } }
      - { id: apply-shared, pattern: "terraform apply*", action: ask, when: { env: [staging, production] } }
      - { id: drain-eu, pattern: "kubectl drain *", action: deny, when: { env: production, region: eu } }
`;

describe('resolveVariables', () => {
  const policy = policyOf(POLICY);

  it('takes the first value with a matching pattern, in file order', () => {
    // prod-canary-1 matches ^prod- (production) before ^prod-canary- (staging).
    expect(resolveVariables(policy.variables, 'prod-canary-1')).toEqual({ env: 'production' });
    expect(resolveVariables(policy.variables, 'stg-web-2')).toEqual({ env: 'staging' });
    expect(resolveVariables(policy.variables, 'alice-mbp')).toEqual({ env: 'dev' });
  });

  it('tries every pattern of a value', () => {
    expect(resolveVariables(policy.variables, 'db1.prod.example.com')).toEqual({ env: 'production' });
  });

  it('resolves each variable on its own', () => {
    expect(resolveVariables(policy.variables, 'prod-eu-db-1')).toEqual({ env: 'production', region: 'eu' });
  });

  it('a host matching no pattern has no value for the variable', () => {
    expect(resolveVariables(policy.variables, 'build-agent-7')).toEqual({});
  });

  it('no host, no variables', () => {
    expect(resolveVariables(policy.variables, undefined)).toEqual({});
  });

  it('host names are case-insensitive', () => {
    expect(resolveVariables(policy.variables, 'PROD-DB-1')).toEqual({ env: 'production' });
  });
});

describe('interpolate', () => {
  it('substitutes {{name}}, with or without inner spaces', () => {
    expect(interpolate('deploy {{env}} and {{ region }}', { env: 'dev', region: 'eu' })).toBe('deploy dev and eu');
  });

  it('gives null when a referenced variable has no value, so the rule is skipped', () => {
    expect(interpolate('deploy {{env}}', {})).toBeNull();
  });

  it('leaves text without references untouched and inserts values literally', () => {
    expect(interpolate('git push --force*', {})).toBe('git push --force*');
    expect(interpolate('x {{env}}', { env: '$&$1' })).toBe('x $&$1');
  });

  it('lists the names a text refers to', () => {
    expect(referencedVariables('{{a}} {{ b_2 }} {{a}} {x}')).toEqual(['a', 'b_2', 'a']);
  });
});

const parser = await loadBashParser();

describe('variables in rules', () => {
  const engine = new Engine(policyOf(POLICY), parser);
  const verdict = (host: string | undefined, command: string) => {
    const d = engine.evaluate({ kind: 'command', command, context: { host } });
    return { verdict: d.verdict, rule: d.rule };
  };

  it('{{env}} in a pattern stands for the host value', () => {
    expect(verdict('prod-db-1', 'terraform apply -var-file=production.tfvars')).toEqual({ verdict: 'allow', rule: 'apply-here' });
    expect(verdict('prod-db-1', 'terraform apply -var-file=dev.tfvars')).toEqual({ verdict: 'block', rule: 'apply-prod' });
  });

  it('when with a single value', () => {
    expect(verdict('prod-db-1', 'terraform apply')).toEqual({ verdict: 'block', rule: 'apply-prod' });
  });

  it('when with a list accepts any of its values', () => {
    expect(verdict('stg-web-2', 'terraform apply')).toEqual({ verdict: 'ask', rule: 'apply-shared' });
    expect(verdict('dev-box', 'terraform apply')).toEqual({ verdict: 'allow', rule: null });
  });

  it('when with several variables needs all of them', () => {
    expect(verdict('prod-eu-db-1', 'kubectl drain node-1')).toEqual({ verdict: 'block', rule: 'drain-eu' });
    expect(verdict('prod-us-db-1', 'kubectl drain node-1')).toEqual({ verdict: 'allow', rule: null });
  });

  it('on a host matching no pattern, rules with {{env}} or when do not apply', () => {
    expect(verdict('build-agent-7', 'terraform apply -var-file=.tfvars')).toEqual({ verdict: 'allow', rule: null });
    expect(verdict('build-agent-7', 'terraform apply')).toEqual({ verdict: 'allow', rule: null });
    expect(verdict(undefined, 'terraform apply')).toEqual({ verdict: 'allow', rule: null });
  });
});
