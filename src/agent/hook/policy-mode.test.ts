import { describe, expect, it } from 'vitest';
import { failSafeOfPolicyText, modeOfPolicyText } from './policy-mode.js';

describe('modeOfPolicyText, for a policy that does not load', () => {
  it.each([
    ['the default role\'s stated mode', 'version: 1\ndefault_role: b\nroles:\n  - { name: a, mode: enforce }\n  - { name: b, mode: monitor, commands: [{ pattern: 1 }] }\n', 'monitor'],
    ['the first role without default_role', 'roles:\n  - { name: a, mode: enforce, typo: 1 }\n', 'enforce'],
    ['nothing for a role that states no mode', 'roles: [{ name: a }]\n', null],
    ['nothing for a mode that is not one', 'roles: [{ name: a, mode: Monitor }]\n', null],
    ['nothing for a default role that is not there', 'default_role: x\nroles: [{ name: a, mode: monitor }]\n', null],
    ['nothing for text that is not YAML', 'roles: [\n', null],
    ['nothing for YAML of another shape', '- a\n- b\n', null],
  ])('%s', (_name, text, mode) => {
    expect(modeOfPolicyText(text)).toBe(mode);
  });
});

describe('failSafeOfPolicyText', () => {
  it('reads on_error beside the mode, and nothing that is not one of its values', () => {
    expect(failSafeOfPolicyText('roles:\n  - { name: a, mode: enforce, on_error: allow, typo: 1 }\n')).toEqual({ mode: 'enforce', onError: 'allow' });
    expect(failSafeOfPolicyText('roles:\n  - { name: a, mode: monitor, on_error: maybe }\n')).toEqual({ mode: 'monitor', onError: null });
    expect(failSafeOfPolicyText('roles: [\n')).toEqual({ mode: null, onError: null });
  });
});
