import { describe, expect, it } from 'vitest';
import { compileRuleText } from './compile-rules.js';

describe('rule files written to slip past the loader', () => {
  it('refuse a __proto__ key with its line instead of dropping what it holds', () => {
    const text = 'family: x\ndescription: d\nrules:\n  - id: WD-X-001\n    title: t\n    description: d\n    severity: high\n    match:\n      - { command: "rm *", __proto__: { x: 1 } }\n    examples: { match: [], no_match: [] }\n';
    const r = compileRuleText(text, 'x.yaml');
    expect(r.value).toBeNull();
    expect(r.errors[0]?.line).toBe(9);
    expect(r.errors[0]?.message).toContain('reserved');
  });

  it('point an unknown field at the key itself', () => {
    const r = compileRuleText('family: x\ndescription: d\nrules: []\nextra: 1\n', 'x.yaml');
    expect(r.errors.some((e) => e.line === 4 && e.col === 1 && e.message.includes('unknown field "extra"'))).toBe(true);
  });
});
